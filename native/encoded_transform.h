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
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "addon_data.h"
#include "api/frame_transformer_interface.h"
#include "drop_oldest_queue.h"
#include "link.h"

namespace nlw {

class TransformRouter;

// One RTCRtpScriptTransform's frames: they wait in a bounded queue until the worker takes them, and written
// frames go back through the router of the sender or receiver the transform is set on. A transform is set
// on at most one sender or receiver, once; when it is replaced there (or that one goes), it ends.
class EncodedTransform : public rtc::RefCountInterface {
 public:
  using Frame = std::unique_ptr<webrtc::TransformableFrameInterface>;
  struct RoutedFrame {
    Frame frame;
    std::string mime_type;  // of its payload type as negotiated ("video/VP8"), or empty when unknown
  };

  // libwebrtc threads (through the router): a frame for the worker.
  void Push(RoutedFrame frame);

  // Any thread. `wake` runs (on the producing thread) when frames arrive for a consumer that has taken all
  // before; an empty function detaches the consumer.
  void SetConsumer(std::function<void()> wake);
  std::deque<RoutedFrame> Take() { return queue_.Take(); }
  uint64_t dropped() const { return queue_.dropped(); }
  // Worker thread: hands a transformed frame back to the pipeline it came from (dropped once detached).
  void Deliver(Frame frame);

  // JS thread of the sender or receiver (`side`: 'sender' or 'receiver') of `kind` ('audio' or 'video').
  // A transform serves one sender or receiver, once (was_attached() tells).
  void AttachTo(TransformRouter* router, const std::string& kind, const std::string& side);
  // The router lets go (replaced, or the pipeline is gone): no frame comes any more, the consumer is woken
  // to see the end, and frames written afterwards are dropped.
  void DetachFrom(TransformRouter* router);
  std::string kind() const;
  // Any thread: no frame will come (detached, or released without ever being attached).
  void ProducerGone();
  bool producer_gone() const;
  bool was_attached() const;

  // A video sender's or receiver's way to a key frame: a sender asks its encoder (for `rid`, an encoding it
  // must have), a receiver asks the remote sender (an RTCP request). Set by the sender or receiver in the
  // connection's environment and cleared there before its threads stop; clearing waits for a request in
  // flight. RequestKeyFrame() runs on the worker's JS thread and serves only a video transform of `side`:
  // kUnattached for a transform never set on a sender or receiver, kDetached for one no longer set.
  enum class KeyFrameRequest { kSent, kWrongSide, kInvalidRid, kUnknownRid, kDetached, kUnattached };
  using KeyFrameRequester = std::function<KeyFrameRequest(const std::optional<std::string>& rid)>;
  void SetKeyFrameRequester(KeyFrameRequester requester);
  KeyFrameRequest RequestKeyFrame(const std::string& side, const std::optional<std::string>& rid);

 protected:
  ~EncodedTransform() override = default;

 private:
  mutable std::mutex mutex_;
  TransformRouter* router_ = nullptr;  // guarded by mutex_; the router detaches before it goes
  bool attached_ = false;              // guarded by mutex_: ever attached
  std::function<void()> wake_;         // guarded by mutex_
  bool producer_gone_ = false;         // guarded by mutex_
  std::string kind_;                   // guarded by mutex_
  std::string side_;                   // guarded by mutex_
  // Not mutex_: a request blocks on the connection's thread, which may be waiting for mutex_ in Push().
  std::shared_mutex requester_mutex_;
  KeyFrameRequester requester_;  // guarded by requester_mutex_
  // About 2 s of video or 1 s of audio; older frames are dropped (counted) while nobody takes them.
  DropOldestQueue<RoutedFrame> queue_{60};
};

// libwebrtc's frame transformer for one sender or receiver, given to the engine once: it routes frames to
// the transform currently set, or straight back when the transform is removed (the spec's identity
// transform), so transforms can be replaced and removed although this engine cannot swap its transformer
// (its audio channel keeps the first one).
class TransformRouter : public webrtc::FrameTransformerInterface {
 public:
  using Frame = EncodedTransform::Frame;
  explicit TransformRouter(webrtc::TransformableFrameInterface::Direction direction) : direction_(direction) {}

  // libwebrtc threads.
  void Transform(Frame frame) override;
  void RegisterTransformedFrameCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback) override;
  void RegisterTransformedFrameSinkCallback(rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback,
                                            uint32_t ssrc) override;
  void UnregisterTransformedFrameCallback() override;
  void UnregisterTransformedFrameSinkCallback(uint32_t ssrc) override;

  // JS thread: frames go to `target` from now on (null: straight through); the previous target ends.
  void SetTarget(rtc::scoped_refptr<EncodedTransform> target);
  // JS thread: the negotiated codecs' MIME types by payload type, for the frames' metadata.
  void SetMimeTypes(std::map<int, std::string> mime_types);
  // A target's transformed frame, back into the pipeline.
  void Deliver(Frame frame);

 protected:
  ~TransformRouter() override;

 private:
  void DeliverLocked(Frame frame);

  const webrtc::TransformableFrameInterface::Direction direction_;
  std::mutex mutex_;
  rtc::scoped_refptr<EncodedTransform> target_;                                      // guarded by mutex_
  std::map<int, std::string> mime_types_;                                            // guarded by mutex_
  rtc::scoped_refptr<webrtc::TransformedFrameCallback> callback_;                    // guarded by mutex_
  int callback_registrations_ = 0;                                                    // guarded by mutex_
  std::map<uint32_t, rtc::scoped_refptr<webrtc::TransformedFrameCallback>> sinks_;   // guarded by mutex_
};

// setTransform()'s argument on a sender or receiver: its transform, or null (TypeError for anything else).
rtc::scoped_refptr<EncodedTransform> TransformArgument(const Napi::CallbackInfo& info);

// The steps RtpSender::SetTransform and RtpReceiver::SetTransform share: `target` (null: frames go straight
// on) replaces the pipeline's current transform in `router`, made the first time with `mime_types`. With
// no pipeline (`pipeline_alive` false) the target ends at once. True when the router was just made: the
// caller hands it to the engine. InvalidStateError for a transform used before.
bool SwitchTransform(Napi::Env env, bool pipeline_alive, rtc::scoped_refptr<TransformRouter>& router,
                     webrtc::TransformableFrameInterface::Direction direction,
                     const std::map<int, std::string>& mime_types, const rtc::scoped_refptr<EncodedTransform>& target,
                     const std::string& kind);

// [[payloadType, mimeType], ...] from lib/ as a map (entries of another shape are skipped).
std::map<int, std::string> MimeTypesFromJS(const Napi::Value& value);

// Main side: `new ScriptTransform(workerThreadId, serializedOptions)` offers a transform to that worker.
class ScriptTransform : public Napi::ObjectWrap<ScriptTransform>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static ScriptTransform* FromValue(Napi::Value value);
  explicit ScriptTransform(const Napi::CallbackInfo& info);
  ~ScriptTransform() override;
  void ReleaseEngineRefs() override;
  const rtc::scoped_refptr<EncodedTransform>& transform() const { return transform_; }

 private:
  rtc::scoped_refptr<EncodedTransform> transform_;
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
