use jaxrs::prelude::*;

#[jit]
fn f(x: &Array) -> Array {
    let _ = std::net::TcpStream::connect("127.0.0.1:80");
    x * 2.0
}

fn main() {}
