#include "funnel.h"

#include <cstdlib>

namespace nlw {

std::shared_ptr<Funnel> Funnel::Create(Napi::Env env) {
  return std::shared_ptr<Funnel>(new Funnel(env));
}

Funnel::Funnel(Napi::Env env) : env_(env) {
  uv_loop_t* loop = nullptr;
  NAPI_THROW_IF_FAILED_VOID(env, napi_get_uv_event_loop(env, &loop));
  wake_ = static_cast<uv_async_t*>(malloc(sizeof(uv_async_t)));
  wake_->data = this;
  uv_async_init(loop, wake_, &Funnel::OnWake);
  uv_unref(reinterpret_cast<uv_handle_t*>(wake_));  // only Hold() keeps the loop alive

  // An async context so that each task runs like a callback from a native handle: async hooks see it,
  // and the microtask queue and process.nextTick queue drain after each task.
  Napi::Object resource = Napi::Object::New(env);
  napi_create_reference(env, resource, 1, &resource_);
  napi_async_init(env, resource, Napi::String::New(env, "node-libwebrtc"), &async_context_);
}

Funnel::~Funnel() { Close(); }

uint64_t Funnel::Post(Task task) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return posted_.load();
    queue_.push_back(std::move(task));
    uint64_t place = posted_.load() + 1;
    posted_.store(place, std::memory_order_release);
    if (!wake_pending_) {
      wake_pending_ = true;
      wake = true;
    }
    // uv_async_send under the lock: Close() cannot free the handle between the check and the send.
    if (wake) uv_async_send(wake_);
    return place;
  }
}

Funnel::LazyPost Funnel::PostLazy(Task task) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) return {posted_.load(), false};
  queue_.push_back(std::move(task));
  uint64_t place = posted_.load() + 1;
  posted_.store(place, std::memory_order_release);
  bool arm = !wake_pending_ && !lazy_timer_armed_;
  if (arm) lazy_timer_armed_ = true;
  return {place, arm};
}

void Funnel::WakeIfWaiting() {
  std::lock_guard<std::mutex> lock(mutex_);
  lazy_timer_armed_ = false;
  if (closed_ || queue_.empty() || wake_pending_) return;
  wake_pending_ = true;
  uv_async_send(wake_);
}

void Funnel::Hold() {
  if (closed()) return;
  if (holds_++ == 0) uv_ref(reinterpret_cast<uv_handle_t*>(wake_));
}

void Funnel::Release() {
  if (closed() || holds_ == 0) return;
  if (--holds_ == 0) uv_unref(reinterpret_cast<uv_handle_t*>(wake_));
}

bool Funnel::closed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closed_;
}

void Funnel::Close() {
  std::deque<Task> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    closed_ = true;
    dropped.swap(queue_);
    // The close callback runs after the environment is gone, when Node may already have unloaded this
    // addon (the last worker using it): it must not be code of ours. libc's free() is the whole job.
    uv_close(reinterpret_cast<uv_handle_t*>(wake_), reinterpret_cast<uv_close_cb>(&free));
    wake_ = nullptr;
  }
  holds_ = 0;
  if (async_context_) napi_async_destroy(env_, async_context_);
  async_context_ = nullptr;
  if (resource_) napi_delete_reference(env_, resource_);
  resource_ = nullptr;
  // `dropped` is destroyed here, on the JS thread, releasing whatever the tasks owned.
}

void Funnel::OnWake(uv_async_t* handle) { static_cast<Funnel*>(handle->data)->Drain(); }

void Funnel::Drain() {
  if (draining_) return;
  draining_ = true;
  // Keep ourselves alive while tasks run: a task may shut the environment's engine down.
  std::shared_ptr<Funnel> self = shared_from_this();
  RunBatch();
  draining_ = false;
  // The batch is destroyed: what waited for that (an engine stopped by a task) can go now.
  std::vector<std::function<void()>> after;
  after.swap(after_drain_);
  for (auto& work : after) work();
}

void Funnel::AfterDrain(std::function<void()> work) {
  if (draining_) {
    after_drain_.push_back(std::move(work));
  } else {
    work();
  }
}

void Funnel::RunBatch() {
  // One batch per wake-up: what is queued now. Tasks posted meanwhile wait for the next turn of the event
  // loop, so that a steady stream of callbacks cannot starve timers and I/O.
  std::deque<Task> batch;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return;
    batch.swap(queue_);
    wake_pending_ = false;
  }
  while (!batch.empty()) {
    Task task = std::move(batch.front());
    batch.pop_front();
    if (closed()) break;
    Napi::HandleScope handle_scope(env_);
    OpenScope();
    try {
      task(env_);
    } catch (const Napi::Error& error) {
      // An exception from a user's event handler: report it like Node reports one from a socket's.
      // (A terminating worker makes every call fail without an exception value: nothing to report.)
      Napi::Value value = error.Value();
      if (!value.IsEmpty() && !value.IsUndefined()) napi_fatal_exception(env_, value);
    } catch (const std::exception&) {
      // Nothing JS-visible to report; the task's own code already mapped expected failures.
    }
    CloseScope();
  }
}

void Funnel::OpenScope() {
  napi_value resource = nullptr;
  if (!resource_ || napi_get_reference_value(env_, resource_, &resource) != napi_ok) return;
  napi_open_callback_scope(env_, resource, async_context_, &scope_);
}

// Closing the outermost callback scope is what runs the microtasks and the nextTick queue (Drain runs from
// the event loop, so its scope is the outermost).
void Funnel::CloseScope() {
  napi_callback_scope scope = scope_;
  scope_ = nullptr;
  if (scope) napi_close_callback_scope(env_, scope);
}

void Funnel::Checkpoint() {
  if (!scope_) return;
  CloseScope();
  if (!closed()) OpenScope();  // a microtask may have closed the funnel (environment shutdown)
}

}  // namespace nlw
