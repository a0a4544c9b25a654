// mediaDevices' native half: what capture devices exist (V4L2 cameras; microphones and speakers through the
// engine's ALSA/PulseAudio device module) and the capture objects behind getUserMedia/getDisplayMedia.
#pragma once

#include <napi.h>

namespace nlw {

// enumerateDevices(): { videoInputs: [{ id, label, formats: [{ width, height, frameRate }] }],
//                       audioInputs: [{ id, label, index }], audioOutputs: [{ id, label, index }] }
void InitMediaDevices(Napi::Env env, Napi::Object exports);

}  // namespace nlw
