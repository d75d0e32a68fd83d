fn f(x: &Array, y: &Array) -> Array {
    static __JIT_CACHE: ::jaxrs::jit::JitCache = ::jaxrs::jit::JitCache::new(
        "f",
        &["x", "y"],
        &[],
    );
    {
        fn __jit_marker() {}
        __JIT_CACHE.register(::std::any::type_name_of_val(&__jit_marker));
    }
    let __jit_statics: [&dyn ::jaxrs::jit::StaticKey; 0usize] = [];
    __JIT_CACHE
        .call(
            ::std::vec![
                ::jaxrs::jit::JitArg::Borrowed(x), ::jaxrs::jit::JitArg::Borrowed(y)
            ],
            &__jit_statics,
            &|__jit_traced: &[::jaxrs::Array]| -> Array {
                let x = &__jit_traced[0usize];
                let y = &__jit_traced[1usize];
                let t0 = x.powi(2);
                let t1 = 2 * t0;
                t1 + y
            },
        )
}
