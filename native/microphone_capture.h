// A microphone behind getUserMedia: the device module's recording, through libwebrtc's audio processing
// (echo cancellation, gain control, noise suppression as constrained), into an audio source and its tracks.
#pragma once

#include <napi.h>

#include <atomic>
#include <mutex>

#include "addon_data.h"
#include "audio_source.h"
#include "device_audio.h"
#include "modules/audio_processing/include/audio_processing.h"

namespace nlw {

class Shard;

class MicrophoneCapture : public Napi::ObjectWrap<MicrophoneCapture>, public EngineObject, public MicrophoneSink {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  // new MicrophoneCapture(deviceId, { echoCancellation, autoGainControl, noiseSuppression })
  explicit MicrophoneCapture(const Napi::CallbackInfo& info);
  ~MicrophoneCapture() override;
  void ReleaseEngineRefs() override;
  void OnPcm(const int16_t* samples, int sample_rate, size_t channels, size_t frames, double delay_ms) override;
  void OnDeviceLost() override;

 private:
  Napi::Value CreateTrack(const Napi::CallbackInfo& info);
  Napi::Value Settings(const Napi::CallbackInfo& info);
  Napi::Value Configure(const Napi::CallbackInfo& info);
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value AudioStats(const Napi::CallbackInfo& info);
  void ApplyProcessing(const Napi::Object& options);

  DeviceAudio* devices_ = nullptr;
  Shard* shard_ = nullptr;  // whose signaling thread ends the tracks when the device goes away
  rtc::scoped_refptr<PushedAudioSource> source_;
  std::mutex processing_mutex_;
  rtc::scoped_refptr<webrtc::AudioProcessing> processing_;  // guarded; null when nothing is enabled
  std::vector<int16_t> processed_;
  bool echo_cancellation_ = false, auto_gain_control_ = false, noise_suppression_ = false;
  std::atomic<int> sample_rate_{48000};
  std::atomic<int> channels_{1};
  bool subscribed_ = false;
};

}  // namespace nlw
