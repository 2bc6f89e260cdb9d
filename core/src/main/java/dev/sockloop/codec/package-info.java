/**
 * Framing: how a server cuts a byte stream into frames and frames back into bytes. {@link
 * dev.sockloop.codec.FrameCodec} is the named, immutable factory a server is given (lines,
 * delimiters, fixed length, length field, raw); it hands each connection its own {@link
 * dev.sockloop.codec.FrameDecoder} and shares a stateless {@link dev.sockloop.codec.FrameEncoder}.
 * {@link dev.sockloop.codec.TextCodec} turns frames into text in one charset. A frame that breaks
 * the codec's rules is a {@link dev.sockloop.codec.FrameException} ({@link
 * dev.sockloop.codec.FrameTooLongException}, {@link dev.sockloop.codec.MalformedFrameException}),
 * after which the connection is usually closed. Decoders hold at most one partial frame between
 * chunks, so a peer that never finishes a frame costs bounded memory.
 */
package dev.sockloop.codec;
