// Module entry: per-environment data, class registration, and the cleanup hook that shuts the engine
// down in order when the environment (main thread, worker, Electron context) goes away.
#include <napi.h>

#include "addon_data.h"
#include "certificate.h"
#include "data_channel.h"
#include "dtls_transport.h"
#include "ice_transport.h"
#include "peer_connection.h"
#include "sctp_transport.h"
#include "audio_sink.h"
#include "audio_source.h"
#include "dtmf_sender.h"
#include "encoded_transform.h"
#include "i420.h"
#include "media_stream_track.h"
#include "rtp_receiver.h"
#include "rtp_sender.h"
#include "rtp_transceiver.h"
#include "video_sink.h"
#include "video_source.h"
#include "camera_capture.h"
#include "media_devices.h"
#include "microphone_capture.h"
#include "screen_capture.h"

namespace nlw {

namespace {

// setErrorFactory((name, message, detail) => Error): lib/ owns the error classes.
Napi::Value SetErrorFactory(const Napi::CallbackInfo& info) {
  AddonData::Get(info.Env())->error_factory = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

// shutdown(): process 'exit' (process.exit() skips environment cleanup hooks on the main thread).
Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  AddonData::Get(info.Env())->Shutdown();
  return info.Env().Undefined();
}

// Diagnostics for tests: live engine objects and loop holds.
Napi::Value Diagnostics(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  AddonData* data = AddonData::Get(env);
  Napi::Object result = Napi::Object::New(env);
  result.Set("liveObjects", static_cast<double>(data->registry->objects.size()));
  result.Set("loopHolds", data->funnel->holds());
  result.Set("engineRunning", data->has_engine());
  return result;
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  auto* data = new AddonData(env);
  env.SetInstanceData<AddonData>(data);  // deleted by Node when the environment is torn down
  napi_add_env_cleanup_hook(env, [](void* arg) { static_cast<AddonData*>(arg)->Shutdown(); }, data);

  exports.Set("setErrorFactory", Napi::Function::New(env, SetErrorFactory, "setErrorFactory"));
  exports.Set("shutdown", Napi::Function::New(env, Shutdown, "shutdown"));
  exports.Set("diagnostics", Napi::Function::New(env, Diagnostics, "diagnostics"));
  Certificate::Init(env, exports);
  PeerConnection::Init(env, exports);
  DataChannel::Init(env, exports);
  SctpTransport::Init(env, exports);
  DtlsTransport::Init(env, exports);
  IceTransport::Init(env, exports);
  MediaStreamTrack::Init(env, exports);
  RtpSender::Init(env, exports);
  RtpReceiver::Init(env, exports);
  RtpTransceiver::Init(env, exports);
  DtmfSender::Init(env, exports);
  VideoSource::Init(env, exports);
  VideoSink::Init(env, exports);
  AudioSource::Init(env, exports);
  AudioSink::Init(env, exports);
  ScriptTransform::Init(env, exports);
  ScriptTransformer::Init(env, exports);
  EncodedFrame::Init(env, exports);
  InitI420(env, exports);
  InitMediaDevices(env, exports);
  CameraCapture::Init(env, exports);
  ScreenCapture::Init(env, exports);
  MicrophoneCapture::Init(env, exports);
  return exports;
}

}  // namespace nlw

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return nlw::Init(env, exports); }

NODE_API_MODULE(node_libwebrtc, InitModule)
