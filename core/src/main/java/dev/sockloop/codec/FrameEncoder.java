package dev.sockloop.codec;

import java.nio.ByteBuffer;

/**
 * Turns one frame into the bytes that carry it on the wire. Stateless and thread-safe.
 */
public interface FrameEncoder {

	/**
	 * Encode one frame. The frame's position and limit are left as they were.
	 * @param frame the frame's bytes, from position to limit
	 * @return the bytes to write, positioned at 0 (possibly {@code frame} itself)
	 * @throws FrameTooLongException if the frame cannot be represented by the codec
	 * @throws MalformedFrameException if the frame does not fit the codec's rules (such as a fixed size)
	 */
	ByteBuffer encode(ByteBuffer frame);

}
