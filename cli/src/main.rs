//! The `covered` command.

fn main() {
    println!("covered");
}
