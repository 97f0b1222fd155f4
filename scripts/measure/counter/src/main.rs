//! A bare Leptos counter: the baseline the workbook's first-load size is compared with.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let (count, set_count) = signal(0);
        view! {
            <button on:click=move |_| *set_count.write() += 1>"Count: " {count}</button>
        }
    });
}
