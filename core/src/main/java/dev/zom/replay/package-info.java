/**
 * Offline tools over a journal: {@code JournalEntries} reads it record by record (dump, verify), {@code Replay}
 * rebuilds or repairs trees from it with the disk writers' own apply and coalescing.
 */
package dev.zom.replay;
