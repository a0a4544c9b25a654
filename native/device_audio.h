// The machine's audio devices, through the engine's own device module (PulseAudio, else ALSA): listing
// microphones and speakers, and recording one microphone for any number of tracks. The module lives on its
// own thread; recorded 10 ms frames are handed to the subscribed sinks on the module's recording thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/scoped_refptr.h"
#include "api/task_queue/task_queue_factory.h"
#include "modules/audio_device/include/audio_device.h"
#include "rtc_base/thread.h"

namespace nlw {

class MicrophoneSink {
 public:
  virtual ~MicrophoneSink() = default;
  // Recording thread: 10 ms of interleaved 16-bit PCM, and the device module's delay estimate for it (ms).
  virtual void OnPcm(const int16_t* samples, int sample_rate, size_t channels, size_t frames, double delay_ms) = 0;
  // The device thread: the device recorded for this sink went away (unplugged, removed from the sound server);
  // the sink is no longer subscribed.
  virtual void OnDeviceLost() = 0;
};

class DeviceAudio : public webrtc::AudioTransport {
 public:
  struct Device {
    std::string id;
    std::string label;
  };
  struct Devices {
    std::vector<Device> inputs;
    std::vector<Device> outputs;
    std::string backend;  // "pulseaudio", "alsa" or "none"
  };

  explicit DeviceAudio(webrtc::TaskQueueFactory* task_queue_factory);
  ~DeviceAudio() override;

  Devices Enumerate();
  // Records the device with this id (Device::id) for `sink`, joining a recording of the same device. Returns
  // an error message, empty on success; "busy" when another microphone is being recorded, "gone" when no
  // device has that id any more.
  std::string Subscribe(const std::string& id, MicrophoneSink* sink, int* sample_rate, int* channels);
  void Unsubscribe(MicrophoneSink* sink);

  int32_t RecordedDataIsAvailable(const void* samples, size_t frames, size_t bytes_per_sample, size_t channels,
                                  uint32_t sample_rate, uint32_t total_delay_ms, int32_t clock_drift,
                                  uint32_t mic_level, bool key_pressed, uint32_t& new_mic_level) override;
  int32_t NeedMorePlayData(size_t frames, size_t bytes_per_sample, size_t channels, uint32_t sample_rate, void* samples,
                           size_t& frames_out, int64_t* elapsed_time_ms, int64_t* ntp_time_ms) override;
  void PullRenderData(int bits_per_sample, int sample_rate, size_t channels, size_t frames, void* data,
                      int64_t* elapsed_time_ms, int64_t* ntp_time_ms) override {}

 private:
  bool EnsureModule();  // on thread_
  // thread_: every second while recording, whether the recorded device is still listed; if not, recording
  // stops and its sinks are told (the device module itself reports nothing, and records silence).
  void WatchRecordingDevice(int generation);
  int FindRecordingDevice(const std::string& id);  // its position now, or -1
  bool RecordingDeviceListed();
  void RecordingDeviceLost();

  webrtc::TaskQueueFactory* task_queue_factory_;
  std::unique_ptr<rtc::Thread> thread_;
  rtc::scoped_refptr<webrtc::AudioDeviceModule> module_;  // thread_ only
  int recording_index_ = -1;                             // thread_ only
  std::string recording_device_id_;                      // thread_ only: the id it had when recording began
  int watch_generation_ = 0;                             // thread_ only: a newer watch ends older ones
  std::mutex sinks_mutex_;
  std::vector<MicrophoneSink*> sinks_;  // guarded by sinks_mutex_
};

}  // namespace nlw
