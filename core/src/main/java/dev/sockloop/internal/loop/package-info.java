/**
 * The event loop, whatever the transport: {@code EventLoop} (one platform thread with its poller,
 * task queue and timers), the {@code Poller} contract each transport implements, the channels
 * registered with a loop and the {@code IoEvents} they wait for, the loop's timers ({@code
 * TimerQueue}, {@code ScheduledTask}), the native buffers one loop reuses for every socket ({@code
 * LoopBuffers}), and {@code LoopFutures} for running work on a loop from another thread. Not API,
 * may change without notice: only Sockloop's own modules may use it.
 */
package dev.sockloop.internal.loop;
