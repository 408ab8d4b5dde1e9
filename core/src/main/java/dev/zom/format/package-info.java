/**
 * Open Metadata on disk, byte for byte as the reference library writes it: types, values, metapaths,
 * locations, the JSON encoding of Python 2.7, atomic writes, reads and listings, confined to configured roots.
 */
package dev.zom.format;
