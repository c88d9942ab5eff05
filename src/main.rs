//! Entry point of the browser bundle: install the panic panel, then mount the console.

fn main() {
    buildbay::shell::fatal::install_panic_panel();
    leptos::mount::mount_to_body(buildbay::App);
    buildbay::shell::mark_interactive();
}
