package dev.sockloop.internal.loop;

import java.nio.ByteBuffer;

import dev.sockloop.internal.linux.NativeMemory;

/**
 * The direct read buffers of one loop: the one it reads into, and those it has lent to a
 * forwarding connection's write queue (see {@link LoopBuffers#lendRead}). A lent buffer comes back
 * once written, or dropped with its queue. Loop thread only.
 *
 * <p>Never more than {@link #MAX_BUFFERS} exist per loop, whatever the peers do: when all are out
 * (a slow reader holds many in its write queue), reads are copied out as for any other handler.
 * That bounds the native memory this costs at {@code MAX_BUFFERS * READ_SIZE} per loop.
 */
final class ReadBufferPool {

	/** Buffers per loop at most: 64 of {@link LoopBuffers#READ_SIZE} = 4 MiB of native memory. */
	static final int MAX_BUFFERS = 64;

	private final boolean nativeAddresses;

	private final ByteBuffer[] created = new ByteBuffer[MAX_BUFFERS];

	private final long[] addresses = new long[MAX_BUFFERS];

	private int createdCount;

	private final int[] free = new int[MAX_BUFFERS];

	private int freeCount;

	ReadBufferPool(boolean nativeAddresses) {
		this.nativeAddresses = nativeAddresses;
	}

	/**
	 * A buffer to read into, cleared.
	 * @return the index of the buffer, or -1 when all {@link #MAX_BUFFERS} are lent out
	 */
	int take() {
		int index;
		if (this.freeCount > 0) {
			index = this.free[--this.freeCount];
		}
		else if (this.createdCount < MAX_BUFFERS) {
			index = this.createdCount++;
			ByteBuffer buffer = NativeMemory.allocate(LoopBuffers.READ_SIZE);
			this.created[index] = buffer;
			// Computed once per buffer: the NIO transport may run without JNA and needs none.
			this.addresses[index] = this.nativeAddresses ? NativeMemory.address(buffer) : 0;
		}
		else {
			return -1;
		}
		this.created[index].clear();
		return index;
	}

	/** @return whether {@link #take()} would return a buffer */
	boolean canTake() {
		return this.freeCount > 0 || this.createdCount < MAX_BUFFERS;
	}

	ByteBuffer buffer(int index) {
		return this.created[index];
	}

	long address(int index) {
		return this.addresses[index];
	}

	/**
	 * Takes a buffer back if it is one of this pool's and not already back.
	 * @param buffer any buffer
	 * @return whether it was this pool's
	 */
	boolean release(ByteBuffer buffer) {
		for (int i = 0; i < this.createdCount; i++) {
			if (this.created[i] == buffer) {
				for (int j = 0; j < this.freeCount; j++) {
					if (this.free[j] == i) {
						return true;
					}
				}
				this.free[this.freeCount++] = i;
				return true;
			}
		}
		return false;
	}

	/** @return buffers in existence (in use, lent or free) */
	int created() {
		return this.createdCount;
	}

	/** @return buffers back in the pool */
	int free() {
		return this.freeCount;
	}

}
