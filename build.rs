//! Makes cargo rebuild when a file is added to the embedded folders (the built-in theme and
//! the `init` site); `include_dir` only notices changes to files that already existed.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/init");
    println!("cargo:rerun-if-changed=editor");
}
