#include "device_audio.h"

#include <algorithm>
#include <cstring>

namespace nlw {

DeviceAudio::DeviceAudio(webrtc::TaskQueueFactory* task_queue_factory)
    : task_queue_factory_(task_queue_factory), thread_(rtc::Thread::Create()) {
  thread_->SetName("nlw-audio-devices", nullptr);
  thread_->Start();
}

DeviceAudio::~DeviceAudio() {
  thread_->BlockingCall([this] {
    if (module_) {
      if (module_->Recording()) module_->StopRecording();
      module_->RegisterAudioCallback(nullptr);
      module_->Terminate();
      module_ = nullptr;
    }
  });
  thread_->Stop();
}

bool DeviceAudio::EnsureModule() {
  if (module_) return true;
  // The platform default: PulseAudio when a server answers, else ALSA (both loaded with dlopen).
  module_ = webrtc::AudioDeviceModule::Create(webrtc::AudioDeviceModule::kPlatformDefaultAudio, task_queue_factory_);
  if (!module_ || module_->Init() != 0) {
    module_ = nullptr;
    return false;
  }
  module_->RegisterAudioCallback(this);
  return true;
}

DeviceAudio::Devices DeviceAudio::Enumerate() {
  return thread_->BlockingCall([this] {
    Devices devices;
    devices.backend = "none";
    // While nothing records, start afresh: a sound server or device that appeared since is then seen.
    if (module_ && recording_index_ < 0) {
      module_->RegisterAudioCallback(nullptr);
      module_->Terminate();
      module_ = nullptr;
    }
    if (!EnsureModule()) return devices;
    webrtc::AudioDeviceModule::AudioLayer layer;
    if (module_->ActiveAudioLayer(&layer) == 0) {
      devices.backend = layer == webrtc::AudioDeviceModule::kLinuxPulseAudio ? "pulseaudio"
                        : layer == webrtc::AudioDeviceModule::kLinuxAlsaAudio ? "alsa"
                                                                              : "other";
    }
    char name[webrtc::kAdmMaxDeviceNameSize] = {0};
    char guid[webrtc::kAdmMaxGuidSize] = {0};
    for (int16_t i = 0; i < module_->RecordingDevices(); ++i) {
      if (module_->RecordingDeviceName(i, name, guid) != 0) continue;
      devices.inputs.push_back(Device{guid[0] ? guid : name, name});
    }
    for (int16_t i = 0; i < module_->PlayoutDevices(); ++i) {
      if (module_->PlayoutDeviceName(i, name, guid) != 0) continue;
      devices.outputs.push_back(Device{guid[0] ? guid : name, name});
    }
    return devices;
  });
}

std::string DeviceAudio::Subscribe(const std::string& id, MicrophoneSink* sink, int* sample_rate, int* channels) {
  return thread_->BlockingCall([&]() -> std::string {
    if (!EnsureModule()) return "no audio device module could start (no PulseAudio server, no ALSA device)";
    if (recording_index_ >= 0 && recording_device_id_ != id) return "busy";
    // By id, not by the position enumerateDevices() saw: positions move when other devices come and go.
    const int index = recording_index_ >= 0 ? recording_index_ : FindRecordingDevice(id);
    if (index < 0) return "gone";
    if (recording_index_ < 0) {
      if (module_->SetRecordingDevice(static_cast<uint16_t>(index)) != 0) return "the device cannot be selected";
      if (module_->InitRecording() != 0) return "the device cannot be opened";
      bool stereo = false;
      if (module_->StereoRecordingIsAvailable(&stereo) == 0 && stereo) module_->SetStereoRecording(true);
      if (module_->StartRecording() != 0) return "the device cannot start recording";
      recording_index_ = index;
      recording_device_id_ = id;
      WatchRecordingDevice(++watch_generation_);
    }
    bool stereo = false;
    module_->StereoRecording(&stereo);
    *channels = stereo ? 2 : 1;
    *sample_rate = 48000;  // the module delivers 48 kHz (or tells us per frame)
    std::lock_guard<std::mutex> lock(sinks_mutex_);
    sinks_.push_back(sink);
    return "";
  });
}

void DeviceAudio::Unsubscribe(MicrophoneSink* sink) {
  thread_->BlockingCall([&] {
    bool empty;
    {
      std::lock_guard<std::mutex> lock(sinks_mutex_);
      sinks_.erase(std::remove(sinks_.begin(), sinks_.end(), sink), sinks_.end());
      empty = sinks_.empty();
    }
    // The last track stopped: release the device at once.
    if (empty && module_ && recording_index_ >= 0) {
      module_->StopRecording();
      recording_index_ = -1;
      ++watch_generation_;
    }
  });
}

void DeviceAudio::WatchRecordingDevice(int generation) {
  thread_->PostDelayedTask(
      [this, generation] {
        if (generation != watch_generation_ || !module_ || recording_index_ < 0) return;
        if (!RecordingDeviceListed()) return RecordingDeviceLost();
        WatchRecordingDevice(generation);
      },
      webrtc::TimeDelta::Seconds(1));
}

int DeviceAudio::FindRecordingDevice(const std::string& id) {
  char name[webrtc::kAdmMaxDeviceNameSize] = {0};
  char guid[webrtc::kAdmMaxGuidSize] = {0};
  const int16_t count = module_->RecordingDevices();
  for (int16_t i = 0; i < count; ++i) {
    if (module_->RecordingDeviceName(i, name, guid) == 0 && id == (guid[0] ? guid : name)) return i;
  }
  // PulseAudio's "default: <name>" entry (index 0) follows the server's default source, whichever it is now.
  if (id.rfind("default: ", 0) == 0 && module_->RecordingDeviceName(0, name, guid) == 0 &&
      std::strncmp(name, "default: ", 9) == 0) {
    return 0;
  }
  return -1;
}

bool DeviceAudio::RecordingDeviceListed() { return FindRecordingDevice(recording_device_id_) >= 0; }

void DeviceAudio::RecordingDeviceLost() {
  module_->StopRecording();
  recording_index_ = -1;
  ++watch_generation_;
  std::vector<MicrophoneSink*> lost;
  {
    std::lock_guard<std::mutex> lock(sinks_mutex_);
    lost.swap(sinks_);
  }
  for (MicrophoneSink* sink : lost) sink->OnDeviceLost();
}

int32_t DeviceAudio::RecordedDataIsAvailable(const void* samples, size_t frames, size_t bytes_per_sample,
                                             size_t channels, uint32_t sample_rate, uint32_t total_delay_ms,
                                             int32_t, uint32_t, bool, uint32_t& new_mic_level) {
  new_mic_level = 0;
  if (bytes_per_sample != 2 * channels) return 0;
  std::lock_guard<std::mutex> lock(sinks_mutex_);
  for (MicrophoneSink* sink : sinks_) {
    sink->OnPcm(static_cast<const int16_t*>(samples), static_cast<int>(sample_rate), channels, frames, total_delay_ms);
  }
  return 0;
}

int32_t DeviceAudio::NeedMorePlayData(size_t frames, size_t bytes_per_sample, size_t channels, uint32_t,
                                      void* samples, size_t& frames_out, int64_t*, int64_t*) {
  memset(samples, 0, frames * bytes_per_sample);  // this module only records
  frames_out = frames;
  return 0;
}

}  // namespace nlw
