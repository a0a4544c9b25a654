#include "engine.h"

#include <algorithm>
#include <thread>

#include "api/audio_codecs/audio_decoder_factory_template.h"
#include "api/audio_codecs/audio_encoder_factory_template.h"
#include "api/audio_codecs/g711/audio_decoder_g711.h"
#include "api/audio_codecs/g711/audio_encoder_g711.h"
#include "api/audio_codecs/g722/audio_decoder_g722.h"
#include "api/audio_codecs/g722/audio_encoder_g722.h"
#include "api/audio_codecs/opus/audio_decoder_opus.h"
#include "api/audio_codecs/opus/audio_encoder_opus.h"
#include "api/create_peerconnection_factory.h"
#include "api/field_trials.h"
#include "api/task_queue/default_task_queue_factory.h"
#include "api/video_codecs/builtin_video_decoder_factory.h"
#include "api/video_codecs/builtin_video_encoder_factory.h"
#include "clocked_audio_device.h"
#include "device_audio.h"
#include "funnel.h"
#include "modules/audio_processing/include/audio_processing.h"
#include "pc/srtp_session.h"
#include "rtc_base/ssl_stream_adapter.h"

namespace nlw {

namespace {

// Engine settings that libwebrtc exposes as field trials.
std::string FieldTrials() {
  std::string trials =
      // ICE sockets get a receive buffer big enough for a congestion window of SCTP or media packets
      // (the kernel caps it at net.core.rmem_max); the 208 KiB default overflows on fast links and
      // every overflow costs a retransmission and a halved window.
      "WebRTC-SetSocketReceiveBuffer/Enabled-4096/";
  if (const char* extra = getenv("NODE_LIBWEBRTC_FIELD_TRIALS")) trials += extra;
  return trials;
}

}  // namespace

std::unique_ptr<Engine> Engine::Create(std::shared_ptr<Funnel> funnel, int shards, std::string* error) {
  std::unique_ptr<Engine> engine(new Engine());
  engine->funnel_ = std::move(funnel);
  engine->task_queue_factory_ = webrtc::CreateDefaultTaskQueueFactory();
  if (shards <= 0) shards = std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 4);

  for (int i = 0; i < shards; ++i) {
    std::unique_ptr<Shard> shard(new Shard());
    shard->index_ = i;
    shard->thread_ = rtc::Thread::CreateWithSocketServer();
    shard->thread_->SetName(("nlw-net-" + std::to_string(i)).c_str(), nullptr);
    if (!shard->thread_->Start()) {
      *error = "could not start a libwebrtc network thread";
      return nullptr;
    }
    // Created and used on the worker thread (the shard's thread).
    webrtc::TaskQueueFactory* queues = engine->task_queue_factory_.get();
    shard->audio_device_ = shard->thread_->BlockingCall([queues] {
      return rtc::scoped_refptr<webrtc::AudioDeviceModule>(rtc::make_ref_counted<ClockedAudioDevice>(queues));
    });
    // Opus first: this engine's builtin audio factories were built without Opus.
    auto audio_encoders = webrtc::CreateAudioEncoderFactory<webrtc::AudioEncoderOpus, webrtc::AudioEncoderG722,
                                                            webrtc::AudioEncoderG711>();
    auto audio_decoders = webrtc::CreateAudioDecoderFactory<webrtc::AudioDecoderOpus, webrtc::AudioDecoderG722,
                                                            webrtc::AudioDecoderG711>();
    shard->factory_ = webrtc::CreatePeerConnectionFactory(
        shard->thread_.get(), shard->thread_.get(), shard->thread_.get(), shard->audio_device_,
        std::move(audio_encoders), std::move(audio_decoders), webrtc::CreateBuiltinVideoEncoderFactory(),
        webrtc::CreateBuiltinVideoDecoderFactory(), nullptr /* default mixer */, webrtc::AudioProcessingBuilder().Create(),
        nullptr, webrtc::FieldTrials::CreateNoGlobal(FieldTrials()));
    if (!shard->factory_) {
      *error = "CreatePeerConnectionFactory failed";
      return nullptr;
    }
    // Which networks are gathered is decided per connection by its port allocator (network.h), so the
    // factory-wide mask must not hide loopback from it.
    webrtc::PeerConnectionFactoryInterface::Options options;
    options.network_ignore_mask = 0;
    shard->factory_->SetOptions(options);
    engine->shards_.push_back(std::move(shard));
  }
  // Any valid key will do: the session only has to exist so that libsrtp stays initialised (see engine.h).
  const uint8_t keepalive_key[16 + 14] = {1};  // AES-128 key + salt
  engine->srtp_keepalive_ = std::make_unique<cricket::SrtpSession>();
  if (!engine->srtp_keepalive_->SetSend(rtc::kSrtpAes128CmSha1_80, keepalive_key, sizeof keepalive_key, {}))
    engine->srtp_keepalive_.reset();  // only slower connects follow
  return engine;
}

Shard& Engine::NextShard() {
  Shard& shard = *shards_[next_shard_];
  next_shard_ = (next_shard_ + 1) % shards_.size();
  return shard;
}

void Shard::Release() {
  factory_ = nullptr;
  if (audio_device_) thread_->BlockingCall([this] { audio_device_ = nullptr; });
}

Shard::~Shard() {
  Release();
  if (thread_) thread_->Stop();
}

DeviceAudio& Engine::device_audio() {
  if (!device_audio_) device_audio_ = std::make_unique<DeviceAudio>(task_queue_factory_.get());
  return *device_audio_;
}

Engine::~Engine() {
  device_audio_.reset();  // stops any recording first
  for (auto& shard : shards_) shard->Release();  // every factory, before any thread stops
  shards_.clear();  // then the shard threads stop
  task_queue_factory_.reset();
  srtp_keepalive_.reset();  // last: the shards' sessions are gone, so this shuts libsrtp down
}

}  // namespace nlw
