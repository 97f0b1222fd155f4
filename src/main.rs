//! Entry point of the browser app: installs the panic hook, then mounts the workbook.

fn main() {
    #[cfg(target_arch = "wasm32")]
    serverless_workbook::ui::start();
}
