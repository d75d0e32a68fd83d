use jaxrs::prelude::*;
use std::cell::RefCell;

#[jit]
fn f(x: &Array, log: &RefCell<Vec<String>>) -> Array {
    log.borrow_mut().push("traced".to_string());
    x * 2.0
}

fn main() {}
