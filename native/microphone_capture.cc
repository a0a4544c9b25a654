#include "microphone_capture.h"

#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "media_stream_track.h"
#include "rtc_base/helpers.h"

namespace nlw {

void MicrophoneCapture::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "MicrophoneCapture",
                                    {
                                        InstanceMethod<&MicrophoneCapture::CreateTrack>("createTrack"),
                                        InstanceMethod<&MicrophoneCapture::Settings>("settings"),
                                        InstanceMethod<&MicrophoneCapture::Configure>("configure"),
                                        InstanceMethod<&MicrophoneCapture::Stop>("stop"),
                                        InstanceMethod<&MicrophoneCapture::AudioStats>("audioStats"),
                                    });
  exports.Set("MicrophoneCapture", ctor);
}

MicrophoneCapture::MicrophoneCapture(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<MicrophoneCapture>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  Napi::Env env = info.Env();
  std::string id = info[0].ToString().Utf8Value();
  ApplyProcessing(info[1].As<Napi::Object>());
  source_ = rtc::make_ref_counted<PushedAudioSource>();
  devices_ = &AddonData::Get(env)->engine().device_audio();
  shard_ = &AddonData::Get(env)->engine().DefaultShard();
  int rate = 48000, channels = 1;
  std::string failure = devices_->Subscribe(id, this, &rate, &channels);
  if (failure == "busy") ThrowError(env, "NotReadableError", "Another microphone is being recorded");
  if (failure == "gone") ThrowError(env, "NotFoundError", "The microphone is no longer there");
  if (!failure.empty()) ThrowError(env, "NotReadableError", "The microphone could not start: " + failure);
  subscribed_ = true;
  sample_rate_ = rate;
  channels_ = channels;
}

MicrophoneCapture::~MicrophoneCapture() { ReleaseEngineRefs(); }

void MicrophoneCapture::ReleaseEngineRefs() {
  if (subscribed_) {
    subscribed_ = false;
    devices_->Unsubscribe(this);  // the device is released at once when this was its last user
  }
  source_ = nullptr;
}

void MicrophoneCapture::ApplyProcessing(const Napi::Object& options) {
  std::lock_guard<std::mutex> lock(processing_mutex_);
  echo_cancellation_ = GetBool(options, "echoCancellation", false);
  auto_gain_control_ = GetBool(options, "autoGainControl", false);
  noise_suppression_ = GetBool(options, "noiseSuppression", false);
  if (!echo_cancellation_ && !auto_gain_control_ && !noise_suppression_) {
    processing_ = nullptr;
    return;
  }
  if (!processing_) processing_ = webrtc::AudioProcessingBuilder().Create();
  webrtc::AudioProcessing::Config config;
  config.echo_canceller.enabled = echo_cancellation_;
  config.gain_controller1.enabled = auto_gain_control_;
  config.gain_controller1.mode = webrtc::AudioProcessing::Config::GainController1::kAdaptiveDigital;
  config.noise_suppression.enabled = noise_suppression_;
  config.high_pass_filter.enabled = echo_cancellation_ || noise_suppression_;
  processing_->ApplyConfig(config);
}

// The device thread. source_ is still set: ReleaseEngineRefs() clears it only after unsubscribing, which runs
// on that thread too.
void MicrophoneCapture::OnDeviceLost() {
  if (source_) shard_->signaling_thread()->PostTask([source = source_] { source->End(); });
}

// The recording thread.
void MicrophoneCapture::OnPcm(const int16_t* samples, int sample_rate, size_t channels, size_t frames,
                              double delay_ms) {
  sample_rate_ = sample_rate;
  channels_ = static_cast<int>(channels);
  const int16_t* out = samples;
  {
    std::lock_guard<std::mutex> lock(processing_mutex_);
    if (processing_) {
      webrtc::StreamConfig stream(sample_rate, channels);
      processed_.resize(frames * channels);
      if (processing_->ProcessStream(samples, stream, stream, processed_.data()) == 0) out = processed_.data();
    }
    if (source_) source_->Push(out, sample_rate, channels, frames, delay_ms);
  }
}

Napi::Value MicrophoneCapture::CreateTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!source_) ThrowError(env, "InvalidStateError", "The microphone was stopped");
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  return MediaStreamTrack::NewInstance(env, shard.factory()->CreateAudioTrack(rtc::CreateRandomUuid(), source_.get()),
                                       &shard, false);
}

Napi::Value MicrophoneCapture::Settings(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object settings = Napi::Object::New(env);
  settings.Set("sampleRate", sample_rate_.load());
  settings.Set("channelCount", channels_.load());
  settings.Set("sampleSize", 16);
  std::lock_guard<std::mutex> lock(processing_mutex_);
  settings.Set("echoCancellation", echo_cancellation_);
  settings.Set("autoGainControl", auto_gain_control_);
  settings.Set("noiseSuppression", noise_suppression_);
  return settings;
}

Napi::Value MicrophoneCapture::Configure(const Napi::CallbackInfo& info) {
  ApplyProcessing(info[0].As<Napi::Object>());
  return info.Env().Undefined();
}

Napi::Value MicrophoneCapture::Stop(const Napi::CallbackInfo& info) {
  ReleaseEngineRefs();
  return info.Env().Undefined();
}

Napi::Value MicrophoneCapture::AudioStats(const Napi::CallbackInfo& info) {
  return AudioStatsOp(info, source_.get());
}

}  // namespace nlw
