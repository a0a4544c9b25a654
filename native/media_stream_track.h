// MediaStreamTrack's native half: a libwebrtc track (local or remote) and, for each other shard that uses
// it, a sibling track over the same source (connections never touch another shard's objects).
#pragma once

#include <napi.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "addon_data.h"
#include "api/media_stream_interface.h"
#include "link.h"
#include "media/base/adapted_video_track_source.h"

namespace nlw {

class Shard;

// A remote video track's frames, re-broadcast for a track on another shard. A sibling track over the
// receiver's own source would observe that source's state across shards: when the receiving connection
// closes, its thread blocks on the sibling's shard while that shard waits for it (a deadlock).
class RelayVideoSource : public rtc::AdaptedVideoTrackSource, public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  explicit RelayVideoSource(rtc::scoped_refptr<webrtc::VideoTrackInterface> origin) : origin_(std::move(origin)) {}
  // JS thread: starts and stops taking the origin's frames (the origin's proxy hops to its own thread).
  // Detach also lets go of the origin here, so that its proxy is never released on another shard's thread.
  void Attach() { origin_->AddOrUpdateSink(this, rtc::VideoSinkWants()); }
  void Detach() {
    if (!origin_) return;
    origin_->RemoveSink(this);
    origin_ = nullptr;
  }
  void OnFrame(const webrtc::VideoFrame& frame) override { rtc::AdaptedVideoTrackSource::OnFrame(frame); }
  bool is_screencast() const override { return false; }
  absl::optional<bool> needs_denoising() const override { return absl::nullopt; }
  SourceState state() const override { return kLive; }
  bool remote() const override { return false; }

 private:
  rtc::scoped_refptr<webrtc::VideoTrackInterface> origin_;  // JS thread only
};

class MediaStreamTrack : public Napi::ObjectWrap<MediaStreamTrack>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // One wrapper per libwebrtc track; `shard` owns it.
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track,
                                  Shard* shard, bool remote);
  // nullptr when `value` is not a native track.
  static MediaStreamTrack* FromValue(Napi::Value value);

  explicit MediaStreamTrack(const Napi::CallbackInfo& info);
  ~MediaStreamTrack() override;
  void ReleaseEngineRefs() override;

  // JS thread: the track to hand to a connection on `shard` (this one or its sibling there).
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> ForShard(Shard* shard);
  webrtc::MediaStreamTrackInterface* track() const { return track_.get(); }
  const std::string& kind() const { return kind_; }
  Shard* shard() const { return shard_; }
  bool ended() const { return ended_; }

 private:
  class Observer;
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value SetEnabled(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Clone(const Napi::CallbackInfo& info);
  Napi::Value SetContentHint(const Napi::CallbackInfo& info);
  void OnStateChanged(Napi::Env env, bool ended);

  Shard* shard_ = nullptr;
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track_;
  std::map<Shard*, rtc::scoped_refptr<webrtc::MediaStreamTrackInterface>> siblings_;
  // Remote video: the relays that feed the siblings (detached before they go).
  std::vector<rtc::scoped_refptr<RelayVideoSource>> relays_;
  std::string kind_, id_;
  bool remote_ = false;
  // Video: the encoder's hint (contentHint), given to siblings too.
  webrtc::VideoTrackInterface::ContentHint content_hint_ = webrtc::VideoTrackInterface::ContentHint::kNone;
  bool ended_ = false;
  std::unique_ptr<Observer> observer_;
  std::shared_ptr<Link<MediaStreamTrack>> link_;
};

}  // namespace nlw
