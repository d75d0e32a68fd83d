use jaxrs::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Scale(i32);

impl Scale {
    #[jit]
    fn apply(self, x: &Array) -> Array {
        x * self.0
    }
}

fn main() {}
