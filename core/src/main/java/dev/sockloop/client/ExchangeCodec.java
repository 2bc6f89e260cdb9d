package dev.sockloop.client;

import java.nio.ByteBuffer;

import dev.sockloop.codec.TextCodec;

/**
 * Turns a request into the payload of one frame, and the payload of one frame into a response: the
 * message layer of an {@link ExchangeConnection}, above the client's {@link dev.sockloop.codec.FrameCodec
 * framing}. Built-in: {@link #frames()} and {@link #text(TextCodec)}; an adapter over Spring's
 * {@code Encoder}/{@code Decoder} (JSON and the like) is an implementation of this interface.
 *
 * @param <I> the request type
 * @param <O> the response type
 */
public interface ExchangeCodec<I, O> {

	/**
	 * Encodes one request; the framing is added afterwards.
	 * @param request the request
	 * @return the frame's payload
	 */
	ByteBuffer encode(I request);

	/**
	 * Decodes one response. A failure (a runtime exception) is the server's bad frame: the
	 * connection is closed with reason {@code bad-frame} and its exchanges fail.
	 * @param frame a whole frame, without its framing, owned by the callee
	 * @return the response
	 */
	O decode(ByteBuffer frame);

	/**
	 * Frames as they are: a {@code ByteBuffer} request is one frame, each frame is one response.
	 * @return the identity codec
	 */
	static ExchangeCodec<ByteBuffer, ByteBuffer> frames() {
		return FramesExchangeCodec.INSTANCE;
	}

	/**
	 * One string per frame, in the text codec's charset, with its policy for malformed input.
	 * @param text the charset and the policy
	 * @return the text codec
	 */
	static ExchangeCodec<String, String> text(TextCodec text) {
		return new ExchangeCodec<>() {

			@Override
			public ByteBuffer encode(String request) {
				return text.encode(request);
			}

			@Override
			public String decode(ByteBuffer frame) {
				return text.decode(frame);
			}

		};
	}

}
