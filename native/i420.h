// I420 frames as JS sees them: { width, height, data } with the three planes packed (Y, then U, then V).
#pragma once

#include <napi.h>

#include <cstddef>

#include "api/video/i420_buffer.h"

namespace nlw {

inline size_t I420Size(int width, int height) {
  return static_cast<size_t>(width) * height + 2 * static_cast<size_t>((width + 1) / 2) * ((height + 1) / 2);
}

struct FrameView {
  int width = 0;
  int height = 0;
  uint8_t* data = nullptr;
  size_t size = 0;
};

// A frame's JS properties, read (getters and all) before any pointer into its bytes is taken: a getter
// may resize, transfer or free a buffer read earlier.
struct FrameFields {
  int width = 0;
  int height = 0;
  Napi::Value data;
};

// Reads { width, height, data }; throws TypeError for a missing or out-of-range width or height.
FrameFields ReadFrameFields(Napi::Env env, const Napi::Value& value, const char* what);
// Views the bytes of `data`, a Uint8Array/Uint8ClampedArray (or any byte view), after every property the
// call needs has been read; throws TypeError naming the expected size. `bytes_per_pixel` 0 means I420.
FrameView ViewFrame(Napi::Env env, const FrameFields& fields, const char* what, int bytes_per_pixel);

// Copies a packed I420 view into a new libwebrtc buffer, and back.
rtc::scoped_refptr<webrtc::I420Buffer> ToI420Buffer(const FrameView& frame);
void CopyPacked(const webrtc::I420BufferInterface& buffer, uint8_t* out);

void InitI420(Napi::Env env, Napi::Object exports);  // i420ToRgba, rgbaToI420

}  // namespace nlw
