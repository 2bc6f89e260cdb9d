package dev.sockloop.internal.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Native memory as direct {@link ByteBuffer}s with their addresses, so that Java reads and writes
 * it through a buffer view and syscalls receive a plain {@code long}. The memory is freed by the
 * garbage collector with its buffer: keep the buffer referenced as long as the address is used.
 */
public final class NativeMemory {

	private NativeMemory() {
	}

	/**
	 * Allocates zeroed native memory in native byte order.
	 * @param size bytes
	 * @return the buffer
	 */
	public static ByteBuffer allocate(int size) {
		return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
	}

	/**
	 * Address of the first byte of a direct buffer (ignoring its position).
	 * @param buffer a direct buffer
	 * @return its native address
	 */
	public static long address(ByteBuffer buffer) {
		if (!buffer.isDirect()) {
			throw new IllegalArgumentException("Buffer is not direct");
		}
		return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
	}

}
