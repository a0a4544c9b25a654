// The funnel: the one path by which work from libwebrtc's threads reaches the JS thread of a Node
// environment. Producers post small owned tasks; tasks build JS values only when they run on the JS thread.
#pragma once

#include <napi.h>
#include <uv.h>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace nlw {

class Funnel : public std::enable_shared_from_this<Funnel> {
 public:
  using Task = std::function<void(Napi::Env)>;

  static std::shared_ptr<Funnel> Create(Napi::Env env);
  ~Funnel();
  Funnel(const Funnel&) = delete;
  Funnel& operator=(const Funnel&) = delete;

  // Any thread. Tasks run in order, one JS task each (microtasks run between them, as between browser
  // tasks). After Close() tasks are dropped: the environment is going away.
  void Post(Task task);

  // JS thread, inside a task: runs the microtasks and process.nextTick callbacks queued so far, as between two
  // tasks. For a task that delivers several events which a browser fires from one task each (messages).
  void Checkpoint();

  // JS thread. While holds > 0 the funnel keeps the event loop alive, like an open socket does.
  void Hold();
  void Release();
  int holds() const { return holds_; }

  // JS thread. Drops pending tasks and closes the loop handle.
  void Close();
  bool closed() const;

 private:
  explicit Funnel(Napi::Env env);
  static void OnWake(uv_async_t* handle);
  void Drain();
  void OpenScope();
  void CloseScope();

  Napi::Env env_;
  uv_async_t* wake_ = nullptr;  // malloc'ed; freed by its uv close callback (free)
  napi_async_context async_context_ = nullptr;
  napi_ref resource_ = nullptr;
  int holds_ = 0;
  bool draining_ = false;
  napi_callback_scope scope_ = nullptr;  // the running task's; JS thread only

  mutable std::mutex mutex_;
  std::deque<Task> queue_;  // guarded by mutex_
  bool wake_pending_ = false;  // guarded by mutex_
  bool closed_ = false;  // guarded by mutex_
};

}  // namespace nlw
