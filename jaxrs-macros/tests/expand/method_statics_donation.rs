pub fn apply(&self, x: Array, w: &Array, n: usize, name: &str) -> (Array, Array) {
    static __JIT_CACHE: ::jaxrs::jit::JitCache = ::jaxrs::jit::JitCache::new(
        "apply",
        &["x", "w"],
        &["self", "n", "name"],
    );
    {
        fn __jit_marker() {}
        __JIT_CACHE.register(::std::any::type_name_of_val(&__jit_marker));
    }
    let __jit_key2 = ::std::string::ToString::to_string(name);
    let __jit_statics: [&dyn ::jaxrs::jit::StaticKey; 3usize] = [
        ::jaxrs::jit::static_arg(self),
        ::jaxrs::jit::static_arg(&n),
        ::jaxrs::jit::static_arg(&__jit_key2),
    ];
    __JIT_CACHE
        .call(
            ::std::vec![
                ::jaxrs::jit::JitArg::Donated(x), ::jaxrs::jit::JitArg::Borrowed(w)
            ],
            &__jit_statics,
            &|__jit_traced: &[::jaxrs::Array]| -> (Array, Array) {
                let x = ::std::clone::Clone::clone(&__jit_traced[0usize]);
                let w = &__jit_traced[1usize];
                let n = ::jaxrs::jit::static_clone(&n);
                let t0 = jnp::matmul(&x, w);
                let t1 = self.bias(n);
                let t2 = t0 + t1;
                let h = t2.tanh();
                let t3 = h.sum();
                let t4 = -h;
                (t3, t4)
            },
        )
}
