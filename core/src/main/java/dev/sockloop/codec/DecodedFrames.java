package dev.sockloop.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The frames one chunk produced, and the failure that stopped decoding it if any. Iterating yields the
 * frames and then throws the failure, so that the frames completed before a bad one still reach the
 * subscriber ahead of the error.
 */
final class DecodedFrames implements Iterable<ByteBuffer>, Consumer<ByteBuffer> {

	private final List<ByteBuffer> frames = new ArrayList<>(4);

	private FrameException failure;

	static DecodedFrames decode(FrameDecoder decoder, ByteBuffer chunk) {
		DecodedFrames decoded = new DecodedFrames();
		try {
			decoder.decode(chunk, decoded);
		}
		catch (FrameException ex) {
			decoded.failure = ex;
		}
		return decoded;
	}

	@Override
	public void accept(ByteBuffer frame) {
		this.frames.add(frame);
	}

	@Override
	public Iterator<ByteBuffer> iterator() {
		return new Iterator<>() {

			private int index;

			@Override
			public boolean hasNext() {
				if (this.index < DecodedFrames.this.frames.size()) {
					return true;
				}
				if (DecodedFrames.this.failure != null) {
					throw DecodedFrames.this.failure;
				}
				return false;
			}

			@Override
			public ByteBuffer next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return DecodedFrames.this.frames.get(this.index++);
			}

		};
	}

}
