// A weak handle from libwebrtc observers (any thread) to a JS-thread wrapper. Observers hold the link
// and post tasks that capture it; only the JS thread reads or writes `target`, so a task that runs
// after its wrapper was finalized finds nullptr and does nothing.
#pragma once

#include <memory>

#include "funnel.h"

namespace nlw {

template <typename Wrapper>
struct Link {
  explicit Link(std::shared_ptr<Funnel> funnel) : funnel(std::move(funnel)) {}
  std::shared_ptr<Funnel> funnel;
  Wrapper* target = nullptr;  // JS thread only

  // Any thread: run `fn(env, wrapper)` on the JS thread if the wrapper is still alive then.
  // Returns the task's place in the funnel (Funnel::Post).
  template <typename Fn>
  static uint64_t Post(const std::shared_ptr<Link>& link, Fn&& fn) {
    return link->funnel->Post([link, fn = std::forward<Fn>(fn)](Napi::Env env) mutable {
      if (link->target) fn(env, *link->target);
    });
  }

  // Any thread: Post() without waking the JS thread (Funnel::PostLazy); the caller arms the timer if asked.
  template <typename Fn>
  static Funnel::LazyPost PostLazy(const std::shared_ptr<Link>& link, Fn&& fn) {
    return link->funnel->PostLazy([link, fn = std::forward<Fn>(fn)](Napi::Env env) mutable {
      if (link->target) fn(env, *link->target);
    });
  }
};

// JS thread: calls `self[handler](...args)` if that handler is set.
inline void CallHandler(const Napi::Object& self, const char* handler, const std::vector<napi_value>& args) {
  if (self.IsEmpty()) return;
  Napi::Value fn = self.Get(handler);
  if (fn.IsFunction()) fn.As<Napi::Function>().Call(self, args);
}

}  // namespace nlw
