package dev.sockloop.codec;

/**
 * A decoder that can say how much memory it holds between chunks, so that tests can check the bound
 * that protects a server from peers that never finish a frame.
 */
interface BufferingDecoder extends FrameDecoder {

	/**
	 * Bytes of arrays this decoder keeps between calls (capacity, not content).
	 * @return the retained bytes
	 */
	int retainedBytes();

}
