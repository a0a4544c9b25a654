// libwebrtc's side of one environment. Connections are spread over shards: each shard is one thread that
// plays all three of libwebrtc's roles (network, worker, signaling), with its own PeerConnectionFactory and
// audio device module. libwebrtc's blocking calls between its roles (signaling -> worker -> network, and
// one per data-channel message) become direct calls, and connections use every core. Encoding, decoding
// and pacing keep their own task queues. No libwebrtc object is used across shards, so no blocking cycle
// can form between shard threads; a track used on another shard gets a sibling track over its source.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/peer_connection_interface.h"
#include "api/scoped_refptr.h"
#include "api/task_queue/task_queue_factory.h"
#include "modules/audio_device/include/audio_device.h"
#include "rtc_base/thread.h"

namespace cricket {
class SrtpSession;
}

namespace nlw {

class Funnel;
class DeviceAudio;

class Shard {
 public:
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;
  ~Shard();

  int index() const { return index_; }
  rtc::Thread* network_thread() const { return thread_.get(); }
  rtc::Thread* signaling_thread() const { return thread_.get(); }
  rtc::Thread* worker_thread() const { return thread_.get(); }
  webrtc::PeerConnectionFactoryInterface* factory() const { return factory_.get(); }

 private:
  friend class Engine;
  Shard() = default;
  void Release();  // releases the factory and the device module; the thread stops after

  int index_ = 0;
  std::unique_ptr<rtc::Thread> thread_;
  rtc::scoped_refptr<webrtc::AudioDeviceModule> audio_device_;
  rtc::scoped_refptr<webrtc::PeerConnectionFactoryInterface> factory_;
};

class Engine {
 public:
  // `shards`: how many network/signaling threads; 0 picks one per CPU core, at most 4.
  static std::unique_ptr<Engine> Create(std::shared_ptr<Funnel> funnel, int shards, std::string* error);
  ~Engine();  // releases every factory, then stops the threads
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // The shard for a new connection: round robin, so that connections use every core.
  Shard& NextShard();
  // The shard that owns sources and their first tracks.
  Shard& DefaultShard() { return *shards_.front(); }
  size_t shard_count() const { return shards_.size(); }

  webrtc::TaskQueueFactory* task_queue_factory() const { return task_queue_factory_.get(); }
  const std::shared_ptr<Funnel>& funnel() const { return funnel_; }
  // The machine's microphones and speakers (started on first use: it may connect to PulseAudio).
  DeviceAudio& device_audio();

 private:
  Engine() = default;

  std::shared_ptr<Funnel> funnel_;
  std::unique_ptr<webrtc::TaskQueueFactory> task_queue_factory_;
  std::vector<std::unique_ptr<Shard>> shards_;
  size_t next_shard_ = 0;
  std::unique_ptr<DeviceAudio> device_audio_;
  // Holds libsrtp initialised while the engine lives: libwebrtc shuts it down with the last SRTP session, and
  // every connect would then pay srtp_init()'s cipher self-tests (~3 ms measured).
  std::unique_ptr<cricket::SrtpSession> srtp_keepalive_;
};

}  // namespace nlw
