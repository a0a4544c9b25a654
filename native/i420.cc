#include "i420.h"

#include <string>

#include "convert.h"
#include "errors.h"
#include "row_bands.h"
#include "libyuv/convert.h"
#include "libyuv/convert_argb.h"
#include "libyuv/convert_from_argb.h"
#include "libyuv/planar_functions.h"

namespace nlw {

FrameFields ReadFrameFields(Napi::Env env, const Napi::Value& value, const char* what) {
  std::string where(what);
  if (!value.IsObject()) ThrowTypeError(env, where + ": expected an object { width, height, data }");
  Napi::Object object = value.As<Napi::Object>();
  Napi::Value width = object.Get("width");
  Napi::Value height = object.Get("height");
  auto dimension = [&](const Napi::Value& v, const char* name) {
    if (!v.IsNumber()) ThrowTypeError(env, where + ": expected " + name + " to be a positive integer");
    double d = v.As<Napi::Number>().DoubleValue();
    if (!(d >= 1 && d <= 16384) || d != static_cast<int>(d)) {
      ThrowTypeError(env, where + ": expected " + name + " to be an integer in [1, 16384], received " + std::to_string(d));
    }
    return static_cast<int>(d);
  };
  FrameFields fields;
  fields.width = dimension(width, "width");
  fields.height = dimension(height, "height");
  fields.data = object.Get("data");
  return fields;
}

FrameView ViewFrame(Napi::Env env, const FrameFields& fields, const char* what, int bytes_per_pixel) {
  std::string where(what);
  FrameView frame;
  frame.width = fields.width;
  frame.height = fields.height;
  size_t expected = bytes_per_pixel ? static_cast<size_t>(frame.width) * frame.height * bytes_per_pixel
                                    : I420Size(frame.width, frame.height);
  const Napi::Value& data = fields.data;
  if (data.IsTypedArray()) {
    ByteView view = ViewBytes(data);
    frame.data = view.data;
    frame.size = view.size;
  } else if (data.IsArrayBuffer()) {
    Napi::ArrayBuffer buffer = data.As<Napi::ArrayBuffer>();
    frame.size = buffer.ByteLength();
    frame.data = static_cast<uint8_t*>(buffer.Data());
  } else {
    ThrowTypeError(env, where + ": expected data to be a Uint8ClampedArray or Uint8Array");
  }
  if (frame.size != expected) {
    ThrowTypeError(env, where + ": expected data of " + std::to_string(expected) + " bytes for a " +
                            std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                            (bytes_per_pixel ? " RGBA" : " I420") + " frame, received " + std::to_string(frame.size));
  }
  return frame;
}

rtc::scoped_refptr<webrtc::I420Buffer> ToI420Buffer(const FrameView& frame) {
  int chroma_width = (frame.width + 1) / 2;
  int chroma_height = (frame.height + 1) / 2;
  const uint8_t* y = frame.data;
  const uint8_t* u = y + static_cast<size_t>(frame.width) * frame.height;
  const uint8_t* v = u + static_cast<size_t>(chroma_width) * chroma_height;
  return webrtc::I420Buffer::Copy(frame.width, frame.height, y, frame.width, u, chroma_width, v, chroma_width);
}

void CopyPacked(const webrtc::I420BufferInterface& buffer, uint8_t* out) {
  int width = buffer.width();
  int height = buffer.height();
  int chroma_width = (width + 1) / 2;
  int chroma_height = (height + 1) / 2;
  uint8_t* y = out;
  uint8_t* u = y + static_cast<size_t>(width) * height;
  uint8_t* v = u + static_cast<size_t>(chroma_width) * chroma_height;
  libyuv::I420Copy(buffer.DataY(), buffer.StrideY(), buffer.DataU(), buffer.StrideU(), buffer.DataV(),
                   buffer.StrideV(), y, width, u, chroma_width, v, chroma_width, width, height);
}

namespace {

// Rows per band when a large frame is split with the helper thread (even: 4:2:0 chroma rows pair up).
constexpr int kBandRows = 32;

// Where row `first_row` (even) starts in each plane of a packed I420 frame.
struct I420Rows {
  uint8_t* y;
  uint8_t* u;
  uint8_t* v;
  int chroma_width;
};
I420Rows RowsOf(const FrameView& i420, int first_row) {
  int chroma_width = (i420.width + 1) / 2;
  size_t chroma_offset = static_cast<size_t>(chroma_width) * (first_row / 2);
  uint8_t* u = i420.data + static_cast<size_t>(i420.width) * i420.height;
  uint8_t* v = u + static_cast<size_t>(chroma_width) * ((i420.height + 1) / 2);
  return {i420.data + static_cast<size_t>(i420.width) * first_row, u + chroma_offset, v + chroma_offset, chroma_width};
}

// i420ToRgba(i420Frame, rgbaFrame): RGBA byte order, as canvas ImageData uses.
Napi::Value I420ToRgba(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  FrameFields i420_fields = ReadFrameFields(env, info[0], "i420ToRgba: i420Frame");
  FrameFields rgba_fields = ReadFrameFields(env, info[1], "i420ToRgba: rgbaFrame");
  FrameView i420 = ViewFrame(env, i420_fields, "i420ToRgba: i420Frame", 0);
  FrameView rgba = ViewFrame(env, rgba_fields, "i420ToRgba: rgbaFrame", 4);
  if (i420.width != rgba.width || i420.height != rgba.height) {
    ThrowTypeError(env, "i420ToRgba: the two frames must have the same width and height");
  }
  struct Frames {
    const FrameView& i420;
    const FrameView& rgba;
  } frames{i420, rgba};
  ConvertInRowBands(i420.height, kBandRows, static_cast<size_t>(i420.width) * i420.height,
                    [](const void* context, int first_row, int row_count) {
                      const auto& [i420, rgba] = *static_cast<const Frames*>(context);
                      I420Rows from = RowsOf(i420, first_row);
                      // libyuv names formats by 32-bit word order: "ABGR" is R, G, B, A in memory.
                      libyuv::I420ToABGR(from.y, i420.width, from.u, from.chroma_width, from.v, from.chroma_width,
                                         rgba.data + static_cast<size_t>(rgba.width) * 4 * first_row, rgba.width * 4,
                                         i420.width, row_count);
                    },
                    &frames);
  return env.Undefined();
}

// rgbaToI420(rgbaFrame, i420Frame)
Napi::Value RgbaToI420(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  FrameFields rgba_fields = ReadFrameFields(env, info[0], "rgbaToI420: rgbaFrame");
  FrameFields i420_fields = ReadFrameFields(env, info[1], "rgbaToI420: i420Frame");
  FrameView rgba = ViewFrame(env, rgba_fields, "rgbaToI420: rgbaFrame", 4);
  FrameView i420 = ViewFrame(env, i420_fields, "rgbaToI420: i420Frame", 0);
  if (i420.width != rgba.width || i420.height != rgba.height) {
    ThrowTypeError(env, "rgbaToI420: the two frames must have the same width and height");
  }
  struct Frames {
    const FrameView& rgba;
    const FrameView& i420;
  } frames{rgba, i420};
  ConvertInRowBands(i420.height, kBandRows, static_cast<size_t>(i420.width) * i420.height,
                    [](const void* context, int first_row, int row_count) {
                      const auto& [rgba, i420] = *static_cast<const Frames*>(context);
                      I420Rows to = RowsOf(i420, first_row);
                      libyuv::ABGRToI420(rgba.data + static_cast<size_t>(rgba.width) * 4 * first_row, rgba.width * 4,
                                         to.y, i420.width, to.u, to.chroma_width, to.v, to.chroma_width, i420.width,
                                         row_count);
                    },
                    &frames);
  return env.Undefined();
}

}  // namespace

void InitI420(Napi::Env env, Napi::Object exports) {
  exports.Set("i420ToRgba", Napi::Function::New(env, I420ToRgba, "i420ToRgba"));
  exports.Set("rgbaToI420", Napi::Function::New(env, RgbaToI420, "rgbaToI420"));
}

}  // namespace nlw
