package dev.sockloop.client;

import java.nio.ByteBuffer;

/**
 * The codec of {@link ExchangeCodec#frames()}: requests and responses are the frames themselves.
 */
final class FramesExchangeCodec implements ExchangeCodec<ByteBuffer, ByteBuffer> {

	static final FramesExchangeCodec INSTANCE = new FramesExchangeCodec();

	private FramesExchangeCodec() {
	}

	@Override
	public ByteBuffer encode(ByteBuffer request) {
		return request;
	}

	@Override
	public ByteBuffer decode(ByteBuffer frame) {
		return frame;
	}

}
