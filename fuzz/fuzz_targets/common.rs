//! What the fuzz targets share: the compiler's stack, and the rules of a
//! treaty with every position set aside.
#![allow(dead_code)] // each target uses part of it

/// Runs `work` on a thread with the stack the command line gives the compiler
/// (`work::STACK_BYTES`): the longest expression the language accepts
/// needs it, and a stack overflow on the fuzzer's own 8 MiB thread would be a
/// finding about the harness, not about treatyc.
pub fn on_compiler_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let worker = std::thread::Builder::new()
        .stack_size(treatyc::work::STACK_BYTES)
        .spawn(work)
        .expect("a thread for the compiler");
    match worker.join() {
        Ok(value) => value,
        // The panic is the finding: raise it again on the fuzzer's thread.
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// The rule IR of a treaty and of each of its stages, as JSON without source
/// positions (the layout moves them, and only them); `None` when it does not
/// compile.
pub fn programs(text: &str) -> Option<Vec<serde_json::Value>> {
    let mut session = treatyc::session::Session::new();
    let file = session.add("fuzz.treaty", text.as_bytes());
    let compilation = session.compile(file, &treatyc::check::Config::default()).ok()?;
    let mut out = Vec::new();
    for program in compilation.programs().ok()? {
        let mut value = serde_json::to_value(&program).ok()?;
        forget_positions(&mut value);
        out.push(value);
    }
    Some(out)
}

fn forget_positions(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in ["line", "column", "start", "end"] {
                if map.get(key).is_some_and(|v| v.is_u64()) && map.contains_key("file") {
                    map.remove(key);
                }
            }
            map.values_mut().for_each(forget_positions);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(forget_positions),
        _ => {}
    }
}
