package dev.sockloop.internal.linux;

/**
 * {@link SocketCalls} through JNA, on native memory only: the binding on Java 17 to 21 and
 * wherever the FFM one is unavailable. JNA would pass a heap array through
 * {@code Get/Release<Type>ArrayElements}, which on HotSpot copies it in and back out: worse than the
 * loop's own copy through native memory, so heap access is not offered.
 */
final class JnaSocketCalls extends SocketCalls {

	@Override
	public long recv(int fd, long address, int length) {
		return Sockets.read(fd, address, length);
	}

	@Override
	public long send(int fd, long address, int length) {
		return Sockets.write(fd, address, length);
	}

	@Override
	public long sendmsg(int fd, MessageHeader message, int count) {
		return Sockets.writev(fd, message, count);
	}

	@Override
	public boolean heapAccess() {
		return false;
	}

	@Override
	public long recv(int fd, byte[] array, int offset, int length) {
		throw new UnsupportedOperationException("No heap access through JNA");
	}

	@Override
	public long send(int fd, byte[] array, int offset, int length) {
		throw new UnsupportedOperationException("No heap access through JNA");
	}

}
