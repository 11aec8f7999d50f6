//! Synchronous hydration below each page, to keep the wasm small.
//!
//! Lazy routes need the router to hydrate asynchronously (`leptos::mount::hydrate_lazy`): the
//! page's code may still be on its way when the server's HTML is already there. Tachys then
//! calls `hydrate_async` all the way down the view tree, and every view type gets an async state
//! machine besides its synchronous `hydrate`: in this app that was 14% of all wasm code
//! (`twiggy`: 525 KB of 3.8 MB before wasm-opt), for nothing, because nothing below a page waits
//! during hydration: a page's resources come serialized with the HTML, and the one lazily loaded
//! component (`editor::inspector::state_form`) is never in the server's HTML.
//!
//! [`SyncHydrate`] answers `hydrate_async` with its synchronous `hydrate`, so the async chain
//! stops there. Wrapping a page (`routes.rs`) stops it for the page; every `into_any()` below
//! instantiates `hydrate_async` for its type again (`AnyView` stores both), so the app's own
//! type-erased views go through [`IntoAnySync::into_any_sync`] instead.
//!
//! Everything else is passed through unchanged.

use leptos::prelude::{AnyView, IntoAny};
use leptos::tachys::html::attribute::{any_attribute::AnyAttribute, Attribute};
use leptos::tachys::hydration::Cursor;
use leptos::tachys::ssr::StreamBuilder;
use leptos::tachys::view::{add_attr::AddAnyAttr, Position, PositionState, Render, RenderHtml};
use std::future::Future;

/// A view that hydrates synchronously even when asked to hydrate asynchronously.
pub struct SyncHydrate<V>(pub V);

/// `.into_any()` whose async hydration is the synchronous one.
pub trait IntoAnySync {
    /// The view, type-erased, without an async hydration chain for its type.
    fn into_any_sync(self) -> AnyView;
}

impl<V: RenderHtml + 'static> IntoAnySync for V {
    fn into_any_sync(self) -> AnyView {
        SyncHydrate(self).into_any()
    }
}

impl<V: Render> Render for SyncHydrate<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for SyncHydrate<V> {
    type Output<SomeNewAttr: Attribute> = SyncHydrate<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        SyncHydrate(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for SyncHydrate<V> {
    type AsyncOutput = SyncHydrate<V::AsyncOutput>;
    type Owned = SyncHydrate<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    fn resolve(self) -> impl Future<Output = Self::AsyncOutput> + Send {
        let inner = self.0.resolve();
        async move { SyncHydrate(inner.await) }
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0.to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(buf, position, escape, mark_branches, extra_attrs)
    }

    fn hydrate<const FROM_SERVER: bool>(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> impl Future<Output = Self::State> {
        // Synchronous, on purpose (see the module docs): nothing below here waits.
        async move { self.0.hydrate::<true>(cursor, position) }
    }

    fn into_owned(self) -> Self::Owned {
        SyncHydrate(self.0.into_owned())
    }
}
