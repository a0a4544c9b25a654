// MediaStreamTrack's native half: a libwebrtc track (local or remote) and, for each other shard that uses
// it, a sibling track over the same source (connections never touch another shard's objects).
#pragma once

#include <napi.h>

#include <map>
#include <memory>
#include <string>

#include "addon_data.h"
#include "api/media_stream_interface.h"
#include "link.h"

namespace nlw {

class Shard;

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
  std::string kind_, id_;
  bool remote_ = false;
  // Video: the encoder's hint (contentHint), given to siblings too.
  webrtc::VideoTrackInterface::ContentHint content_hint_ = webrtc::VideoTrackInterface::ContentHint::kNone;
  bool ended_ = false;
  std::unique_ptr<Observer> observer_;
  std::shared_ptr<Link<MediaStreamTrack>> link_;
};

}  // namespace nlw
