//! Korean public holidays, built in for 2000–2050.
