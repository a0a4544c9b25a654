// Encoded transforms (webrtc-encoded-transform): RTCRtpScriptTransform's native half. A transform is made in
// the connection's environment and its frames are transformed in a worker thread's environment, so the
// libwebrtc-facing part (EncodedTransform) is environment-neutral and the worker claims it through a
// process-wide registry of C++ objects (no N-API value in it).
#pragma once

#include <napi.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "addon_data.h"
#include "api/frame_transformer_interface.h"
#include "drop_oldest_queue.h"
#include "link.h"

namespace nlw {

// libwebrtc's frame transformer for one sender or receiver. Frames wait in a bounded queue until the worker
// takes them; none passes untransformed (an end-to-end encryption transform must not leak plain frames).
class EncodedTransform : public webrtc::FrameTransformerInterface {
 public:
  using Frame = std::unique_ptr<webrtc::TransformableFrameInterface>;

  // libwebrtc threads.
  void Transform(Frame frame) override;
  void RegisterTransformedFrameCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback) override;
  void RegisterTransformedFrameSinkCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback,
                                            uint32_t ssrc) override;
  void UnregisterTransformedFrameCallback() override;
  void UnregisterTransformedFrameSinkCallback(uint32_t ssrc) override;

  // Any thread. `wake` runs (on the producing thread) when frames arrive for a consumer that has taken all
  // before; an empty function detaches the consumer.
  void SetConsumer(std::function<void()> wake);
  std::deque<Frame> Take() { return queue_.Take(); }
  uint64_t dropped() const { return queue_.dropped(); }
  // Hands a transformed frame back to the sender or receiver it came from (its own thread hop follows).
  void Deliver(Frame frame);

  // Set when attached to a sender ('sender') or receiver ('receiver') of `kind` ('audio' or 'video'),
  // before any frame flows.
  void Attach(const std::string& kind, const std::string& side);
  std::string kind() const;

  // A video receiver's way to ask the remote sender for a key frame (an RTCP request), set by the receiver
  // in the connection's environment and cleared there before its threads stop; clearing waits for a
  // request in flight. RequestKeyFrame() runs on the worker's JS thread.
  enum class KeyFrameRequest { kSent, kNotVideoReceiver, kGone };
  void SetKeyFrameRequester(std::function<void()> requester);
  KeyFrameRequest RequestKeyFrame();
  bool is_receiver() const;

  // Any thread: the engine and the offering RTCRtpScriptTransform have let go (EncodedTransformHandle); no
  // frame will come any more. The consumer is woken to see it.
  void ProducerGone();
  bool producer_gone() const;

 protected:
  ~EncodedTransform() override = default;

 private:
  mutable std::mutex mutex_;
  rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback_;                      // guarded by mutex_
  int callback_registrations_ = 0;                                                      // guarded by mutex_
  std::map<uint32_t, rtc::scoped_refptr<webrtc::TransformedFrameCallback>> sinks_;     // guarded by mutex_
  std::function<void()> wake_;                                                          // guarded by mutex_
  bool producer_gone_ = false;                                                          // guarded by mutex_
  std::string kind_;                                                                    // guarded by mutex_
  std::string side_;                                                                    // guarded by mutex_
  // Not mutex_: a request blocks on the connection's thread, which may be waiting for mutex_ in Transform().
  std::shared_mutex requester_mutex_;
  std::function<void()> requester_;  // guarded by requester_mutex_
  // About 2 s of video or 1 s of audio; older frames are dropped (counted) while nobody takes them.
  DropOldestQueue<Frame> queue_{60};
};

// What the engine (and the offering RTCRtpScriptTransform) hold of a transform: forwards to it, and tells it
// when the last of them lets go, so that the worker's transformer ends instead of waiting forever.
class EncodedTransformHandle : public webrtc::FrameTransformerInterface {
 public:
  explicit EncodedTransformHandle(rtc::scoped_refptr<EncodedTransform> inner) : inner_(std::move(inner)) {}
  void Transform(EncodedTransform::Frame frame) override { inner_->Transform(std::move(frame)); }
  void RegisterTransformedFrameCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback) override {
    inner_->RegisterTransformedFrameCallback(std::move(callback));
  }
  void RegisterTransformedFrameSinkCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback,
                                            uint32_t ssrc) override {
    inner_->RegisterTransformedFrameSinkCallback(std::move(callback), ssrc);
  }
  void UnregisterTransformedFrameCallback() override { inner_->UnregisterTransformedFrameCallback(); }
  void UnregisterTransformedFrameSinkCallback(uint32_t ssrc) override {
    inner_->UnregisterTransformedFrameSinkCallback(ssrc);
  }

 protected:
  ~EncodedTransformHandle() override { inner_->ProducerGone(); }

 private:
  const rtc::scoped_refptr<EncodedTransform> inner_;
};

// Main side: `new ScriptTransform(workerThreadId, serializedOptions)` offers a transform to that worker.
class ScriptTransform : public Napi::ObjectWrap<ScriptTransform>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static ScriptTransform* FromValue(Napi::Value value);
  explicit ScriptTransform(const Napi::CallbackInfo& info);
  ~ScriptTransform() override;
  void ReleaseEngineRefs() override;
  const rtc::scoped_refptr<EncodedTransform>& transform() const { return transform_; }
  // What to hand the sender or receiver.
  const rtc::scoped_refptr<EncodedTransformHandle>& engine_handle() const { return handle_; }

 private:
  rtc::scoped_refptr<EncodedTransform> transform_;
  rtc::scoped_refptr<EncodedTransformHandle> handle_;
  uint64_t offer_id_ = 0;
};

// Worker side: ScriptTransformer.claim() takes the transforms offered to this thread; each transformer
// delivers frames as onframes([frame...]) and takes them back with write(frame, data).
class ScriptTransformer : public Napi::ObjectWrap<ScriptTransformer>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit ScriptTransformer(const Napi::CallbackInfo& info);
  ~ScriptTransformer() override;
  void ReleaseEngineRefs() override;
  void Flush(Napi::Env env);

 private:
  void End();
  static Napi::Value Claim(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Dropped(const Napi::CallbackInfo& info);
  Napi::Value RequestKeyFrame(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<EncodedTransform> transform_;
  std::shared_ptr<Link<ScriptTransformer>> link_;
  bool held_ = false;  // a strong reference on the JS object while claimed
};

// One frame in the worker: owns libwebrtc's frame until it is written back (or collected: dropped).
class EncodedFrame : public Napi::ObjectWrap<EncodedFrame> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit EncodedFrame(const Napi::CallbackInfo& info);
  EncodedTransform::Frame TakeFrame() { return std::move(frame_); }
  const EncodedTransform* owner() const { return owner_.get(); }

 private:
  friend class ScriptTransformer;
  EncodedTransform::Frame frame_;
  rtc::scoped_refptr<EncodedTransform> owner_;
};

}  // namespace nlw
