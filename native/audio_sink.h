// nonstandard.RTCAudioSink: the PCM of an audio track (remote: decoded and mixed every 10 ms), delivered to
// JS in order. At most one second waits for a slow consumer; older chunks are dropped and counted.
#pragma once

#include <napi.h>

#include <deque>
#include <memory>
#include <vector>

#include "addon_data.h"
#include "api/media_stream_interface.h"
#include "link.h"

namespace nlw {

class AudioSink : public Napi::ObjectWrap<AudioSink>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit AudioSink(const Napi::CallbackInfo& info);  // (nativeTrack, enabled)
  ~AudioSink() override;
  void ReleaseEngineRefs() override;
  void Flush(Napi::Env env);

 private:
  class Receiver;
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Dropped(const Napi::CallbackInfo& info);
  Napi::Value SetEnabled(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<webrtc::AudioTrackInterface> track_;
  std::unique_ptr<Receiver> receiver_;
  std::shared_ptr<Link<AudioSink>> link_;
};

}  // namespace nlw
