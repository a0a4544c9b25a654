#include "media_devices.h"

#include <memory>
#include <set>

#include "addon_data.h"
#include "device_audio.h"
#include "engine.h"
#include "errors.h"
#include "modules/video_capture/video_capture_factory.h"

namespace nlw {

namespace {

Napi::Value EnumerateDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);

  Napi::Array video = Napi::Array::New(env);
  std::unique_ptr<webrtc::VideoCaptureModule::DeviceInfo> devices(webrtc::VideoCaptureFactory::CreateDeviceInfo());
  if (devices) {
    uint32_t out = 0;
    for (uint32_t i = 0; i < devices->NumberOfDevices(); ++i) {
      char name[256] = {0}, unique_id[256] = {0}, product[256] = {0};
      if (devices->GetDeviceName(i, name, sizeof(name), unique_id, sizeof(unique_id), product, sizeof(product)) != 0) continue;
      Napi::Object device = Napi::Object::New(env);
      device.Set("id", unique_id);
      device.Set("label", name);
      device.Set("groupId", product);
      Napi::Array formats = Napi::Array::New(env);
      std::set<std::tuple<int, int, int>> seen;
      uint32_t f = 0;
      for (int32_t c = 0; c < devices->NumberOfCapabilities(unique_id); ++c) {
        webrtc::VideoCaptureCapability capability;
        if (devices->GetCapability(unique_id, c, capability) != 0) continue;
        if (!seen.insert({capability.width, capability.height, capability.maxFPS}).second) continue;
        Napi::Object format = Napi::Object::New(env);
        format.Set("width", capability.width);
        format.Set("height", capability.height);
        format.Set("frameRate", capability.maxFPS);
        formats.Set(f++, format);
      }
      device.Set("formats", formats);
      video.Set(out++, device);
    }
  }
  result.Set("videoInputs", video);

  DeviceAudio& audio = AddonData::Get(env)->engine().device_audio();
  auto list = [&](const std::vector<DeviceAudio::Device>& devices) {
    Napi::Array array = Napi::Array::New(env, devices.size());
    for (size_t i = 0; i < devices.size(); ++i) {
      Napi::Object device = Napi::Object::New(env);
      device.Set("id", devices[i].id);
      device.Set("label", devices[i].label);
      array.Set(static_cast<uint32_t>(i), device);
    }
    return array;
  };
  DeviceAudio::Devices audio_devices = audio.Enumerate();
  result.Set("audioInputs", list(audio_devices.inputs));
  result.Set("audioOutputs", list(audio_devices.outputs));
  result.Set("audioBackend", audio_devices.backend);
  return result;
}

}  // namespace

void InitMediaDevices(Napi::Env env, Napi::Object exports) {
  exports.Set("enumerateDevices", Napi::Function::New(env, EnumerateDevices, "enumerateDevices"));
}

}  // namespace nlw
