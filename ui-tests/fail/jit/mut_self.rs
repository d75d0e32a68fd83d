use jaxrs::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Counter(u32);

impl Counter {
    #[jit]
    fn step(&mut self, x: &Array) -> Array {
        x * 2.0
    }
}

fn main() {}
