package dev.sockloop.internal.transport.epoll;

import java.nio.ByteBuffer;

import com.sun.jna.Platform;

import dev.sockloop.internal.linux.NativeMemory;

/**
 * A native array of {@code struct epoll_event}, read through a {@link ByteBuffer} view:
 * <pre>
 * struct epoll_event {
 *     uint32_t     events;
 *     epoll_data_t data;     // 64 bits
 * } __attribute__((packed));  // packed on x86_64 only
 * </pre>
 * On x86_64 the struct is packed, 12 bytes with {@code data} at offset 4; on aarch64 it is 16
 * bytes with {@code data} at offset 8.
 */
public final class EpollEventArray {

	/** Bytes of one {@code struct epoll_event}: packed on x86-64, padded elsewhere. */
	public static final int SIZE = Platform.isIntel() ? 12 : 16;

	/** Offset of {@code data} in a {@code struct epoll_event}. */
	public static final int DATA_OFFSET = Platform.isIntel() ? 4 : 8;

	private final int capacity;

	private final ByteBuffer events;

	private final long address;

	private final ByteBuffer scratch;

	private final long scratchAddress;

	/**
	 * Allocates room for {@code capacity} events, plus one scratch event for {@code epoll_ctl}.
	 * @param capacity the most events one {@code epoll_wait} returns
	 */
	public EpollEventArray(int capacity) {
		this.capacity = capacity;
		this.events = NativeMemory.allocate(capacity * SIZE);
		this.address = NativeMemory.address(this.events);
		this.scratch = NativeMemory.allocate(16);
		this.scratchAddress = NativeMemory.address(this.scratch);
	}

	/**
	 * Number of events the array holds.
	 * @return the capacity
	 */
	public int capacity() {
		return this.capacity;
	}

	long address() {
		return this.address;
	}

	/**
	 * Ready-event mask of event {@code i}.
	 * @param i index below the count {@code epoll_wait} returned
	 * @return the mask
	 */
	public int events(int i) {
		return this.events.getInt(i * SIZE);
	}

	/**
	 * Tag of event {@code i}, as given to {@code epoll_ctl}.
	 * @param i index below the count {@code epoll_wait} returned
	 * @return the tag
	 */
	public long data(int i) {
		return this.events.getLong(i * SIZE + DATA_OFFSET);
	}

	long scratchAddress() {
		return this.scratchAddress;
	}

	void writeScratch(int events, long data) {
		this.scratch.putInt(0, events);
		this.scratch.putLong(DATA_OFFSET, data);
	}

}
