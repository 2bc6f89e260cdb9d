package dev.sockloop.sample;

import java.nio.ByteBuffer;

import dev.sockloop.connection.Connection;
import dev.sockloop.spring.Codec;
import dev.sockloop.spring.SocketHandler;
import reactor.core.publisher.Flux;

/**
 * Echoes each length-prefixed frame; the header size (4 bytes) is configured in
 * {@code application.yml}. Counts the frames of each connection in its attributes.
 */
@SocketHandler(name = "frames", codec = Codec.LENGTH_FIELD)
class FrameEchoHandler {

	Flux<ByteBuffer> frames(Flux<ByteBuffer> frames, Connection connection) {
		return frames.doOnNext((frame) -> connection.attributes().merge("frames", 1, (a, b) -> (int) a + (int) b));
	}

}
