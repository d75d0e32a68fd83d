::core::compile_error! {
    "`println!` inside `#[jit]` would run once, while tracing, not on every call\n\nhelp: print runtime values with `jaxrs::debug_print!(\"x = {}\", x)`, which runs on every call"
}
::core::compile_error! {
    "`std::time::Instant::now` inside `#[jit]` reads a clock once, while tracing\n\nhelp: read the clock outside the jitted function"
}
fn f(x: &Array) -> Array {
    println!("a");
    let t = std::time::Instant::now();
    x * 2.0
}
