#include "audio_source.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>

#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "media_stream_track.h"
#include "rtc_base/helpers.h"
#include "rtc_base/time_utils.h"

namespace nlw {

void PushedAudioSource::End() {
  if (state_.exchange(kEnded) != kEnded) FireOnChanged();
}

void PushedAudioSource::AddSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (std::find(sinks_.begin(), sinks_.end(), sink) == sinks_.end()) sinks_.push_back(sink);
}

void PushedAudioSource::RemoveSink(webrtc::AudioTrackSinkInterface* sink) {
  std::lock_guard<std::mutex> lock(mutex_);
  sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
}

void PushedAudioSource::Push(const int16_t* samples, int sample_rate, size_t channels, size_t frames,
                             double latency_ms) {
  std::lock_guard<std::mutex> lock(mutex_);
  frames_ += frames;
  duration_ms_ += static_cast<double>(frames) * 1000.0 / sample_rate;
  last_latency_ms_ = latency_ms;
  for (auto& [id, window] : windows_) {
    if (window.paused) continue;
    if (!window.seeded) window.minimum = window.maximum = latency_ms;
    window.seeded = true;
    window.minimum = std::min(window.minimum, latency_ms);
    window.maximum = std::max(window.maximum, latency_ms);
    window.weighted_sum += latency_ms * static_cast<double>(frames);
    window.frames += frames;
  }
  // The capture time (engine clock) goes out in abs-capture-time when that extension is negotiated.
  const int64_t capture_time_ms = rtc::TimeMillis() - std::llround(latency_ms);
  for (auto* sink : sinks_) sink->OnData(samples, 16, sample_rate, channels, frames, capture_time_ms);
}

int PushedAudioSource::OpenLatencyWindow() {
  std::lock_guard<std::mutex> lock(mutex_);
  int id = next_window_++;
  windows_[id] = LatencyWindow{last_latency_ms_, last_latency_ms_, 0, 0, frames_ > 0, false};
  return id;
}

void PushedAudioSource::CloseLatencyWindow(int id) {
  std::lock_guard<std::mutex> lock(mutex_);
  windows_.erase(id);
}

// mediacapture-extensions' resetLatency(): the window restarts from the most recent latency.
PushedAudioSource::AudioCounts PushedAudioSource::ResetLatencyWindow(int id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(id);
  if (it != windows_.end()) {
    it->second = LatencyWindow{last_latency_ms_, last_latency_ms_, 0, 0, frames_ > 0, it->second.paused};
  }
  return CountsLocked(id);
}

void PushedAudioSource::PauseLatencyWindow(int id, bool paused) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(id);
  if (it != windows_.end()) it->second.paused = paused;
}

PushedAudioSource::AudioCounts PushedAudioSource::Counts(int window_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return CountsLocked(window_id);
}

PushedAudioSource::AudioCounts PushedAudioSource::CountsLocked(int window_id) const {
  AudioCounts counts{frames_, duration_ms_, last_latency_ms_, last_latency_ms_, last_latency_ms_, last_latency_ms_};
  auto it = windows_.find(window_id);
  if (it != windows_.end()) {
    const LatencyWindow& window = it->second;
    counts.minimum_ms = window.minimum;
    counts.maximum_ms = window.maximum;
    counts.average_ms = window.frames ? window.weighted_sum / static_cast<double>(window.frames) : window.minimum;
  }
  return counts;
}

Napi::Value AudioStatsOp(const Napi::CallbackInfo& info, PushedAudioSource* source) {
  Napi::Env env = info.Env();
  std::string op = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  int id = info[1].IsNumber() ? info[1].As<Napi::Number>().Int32Value() : 0;
  if (!source) return env.Null();
  if (op == "open") return Napi::Number::New(env, source->OpenLatencyWindow());
  if (op == "close") source->CloseLatencyWindow(id);
  if (op == "pause" || op == "resume") source->PauseLatencyWindow(id, op == "pause");
  if (op != "read" && op != "reset") return env.Undefined();
  PushedAudioSource::AudioCounts counts = op == "reset" ? source->ResetLatencyWindow(id) : source->Counts(id);
  Napi::Object result = Napi::Object::New(env);
  result.Set("frames", static_cast<double>(counts.frames));
  result.Set("durationMs", counts.duration_ms);
  result.Set("latency", counts.latency_ms);
  result.Set("minimum", counts.minimum_ms);
  result.Set("maximum", counts.maximum_ms);
  result.Set("average", counts.average_ms);
  return result;
}

void AudioSource::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "RTCAudioSource",
                                    {
                                        InstanceMethod<&AudioSource::CreateTrack>("createTrack"),
                                        InstanceMethod<&AudioSource::OnData>("onData"),
                                        InstanceMethod<&AudioSource::AudioStats>("audioStats"),
                                    });
  exports.Set("AudioSource", ctor);
}

AudioSource::AudioSource(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<AudioSource>(info), EngineObject(info.Env(), ShutdownOrder::kSource),
      source_(rtc::make_ref_counted<PushedAudioSource>()) {}

AudioSource::~AudioSource() { ReleaseEngineRefs(); }

void AudioSource::ReleaseEngineRefs() { source_ = nullptr; }

Napi::Value AudioSource::CreateTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!source_) ThrowError(env, "InvalidStateError", "The RTCAudioSource was released");
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  auto track = shard.factory()->CreateAudioTrack(rtc::CreateRandomUuid(), source_.get());
  return MediaStreamTrack::NewInstance(env, track, &shard, false);
}

// onData({ samples, sampleRate = 48000, bitsPerSample = 16, channelCount = 1, numberOfFrames }): as in
// @roamhq/wrtc, `samples` is any ArrayBufferView or ArrayBuffer holding exactly 10 ms of 16-bit
// little-endian PCM, and numberOfFrames is sampleRate / 100 rounded down (220 at 22050 Hz).
Napi::Value AudioSource::OnData(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsObject()) ThrowTypeError(env, "RTCAudioSource.onData: expected { samples, sampleRate, channelCount, ... }");
  Napi::Object data = info[0].As<Napi::Object>();
  auto integer = [&](const char* name, double fallback) {
    Napi::Value v = data.Get(name);
    if (v.IsUndefined()) return fallback;
    if (!v.IsNumber()) ThrowTypeError(env, std::string("RTCAudioSource.onData: expected ") + name + " to be a number");
    return v.As<Napi::Number>().DoubleValue();
  };
  double sample_rate = integer("sampleRate", 48000);
  double bits = integer("bitsPerSample", 16);
  double channels = integer("channelCount", 1);
  if (bits != 16) ThrowTypeError(env, "RTCAudioSource.onData: only bitsPerSample 16 is supported");
  // Below ~1600 Hz (fewer than 16 frames in 10 ms) libwebrtc's resampler to the encoder's 48 kHz aborts the
  // process (PushSincResampler's RTC_CHECK, measured 2026-11-25): 2000 keeps a margin.
  if (!(sample_rate >= 2000 && sample_rate <= 192000) || sample_rate != static_cast<int>(sample_rate)) {
    ThrowTypeError(env, "RTCAudioSource.onData: expected sampleRate to be an integer in [2000, 192000]");
  }
  if (!(channels >= 1 && channels <= 8) || channels != static_cast<int>(channels)) {
    ThrowTypeError(env, "RTCAudioSource.onData: expected channelCount to be an integer in [1, 8]");
  }
  // libwebrtc's audio coding module takes sampleRate / 100 frames as its 10 ms, rounding down.
  size_t frames = static_cast<size_t>(sample_rate) / 100;
  double given_frames = integer("numberOfFrames", static_cast<double>(frames));
  if (given_frames != static_cast<double>(frames)) {
    ThrowTypeError(env, "RTCAudioSource.onData: expected numberOfFrames " + std::to_string(frames) +
                            " (10 ms at " + std::to_string(static_cast<int>(sample_rate)) + " Hz)");
  }
  Napi::Value samples = data.Get("samples");
  ByteView bytes;
  if (samples.IsArrayBuffer()) {
    Napi::ArrayBuffer buffer = samples.As<Napi::ArrayBuffer>();
    bytes = {static_cast<uint8_t*>(buffer.Data()), buffer.ByteLength()};
  } else if (samples.IsTypedArray() || samples.IsDataView()) {
    bytes = ViewBytes(samples);
  } else {
    ThrowTypeError(env, "RTCAudioSource.onData: expected samples to be an Int16Array (or another ArrayBufferView or an ArrayBuffer of 16-bit PCM)");
  }
  size_t expected = frames * static_cast<size_t>(channels);
  if (bytes.size != expected * sizeof(int16_t)) {
    ThrowTypeError(env, "RTCAudioSource.onData: expected " + std::to_string(expected) + " samples (" +
                            std::to_string(frames) + " frames x " + std::to_string(static_cast<int>(channels)) +
                            " channels, " + std::to_string(expected * sizeof(int16_t)) + " bytes), received " +
                            std::to_string(bytes.size / sizeof(int16_t)) + " samples (" +
                            std::to_string(bytes.size) + " bytes)");
  }
  if (!source_) return env.Undefined();
  // Bytes of a Uint8Array or a Buffer may sit at an odd offset: copy those to aligned samples.
  std::vector<int16_t> aligned;
  const int16_t* pcm = reinterpret_cast<const int16_t*>(bytes.data);
  if (reinterpret_cast<uintptr_t>(bytes.data) % alignof(int16_t) != 0 || std::endian::native != std::endian::little) {
    aligned.resize(expected);
    for (size_t i = 0; i < expected; i++) {
      aligned[i] = static_cast<int16_t>(bytes.data[2 * i] | (bytes.data[2 * i + 1] << 8));  // little-endian PCM
    }
    pcm = aligned.data();
  }
  // A second argument, from lib/'s synthetic microphone only: how late this chunk is (its latency).
  double latency_ms = info[1].IsNumber() ? std::max(0.0, info[1].As<Napi::Number>().DoubleValue()) : 0.0;
  if (!std::isfinite(latency_ms)) latency_ms = 0.0;  // it becomes a capture time: never an infinite one
  source_->Push(pcm, static_cast<int>(sample_rate), static_cast<size_t>(channels), frames, latency_ms);
  return env.Undefined();
}

Napi::Value AudioSource::AudioStats(const Napi::CallbackInfo& info) { return AudioStatsOp(info, source_.get()); }

}  // namespace nlw
