//! Reading the reference's `weights.npz`: a zip archive of `.npy` arrays,
//! each member inflated whole in one call and checked against its CRC, its
//! header's element type and shape checked against what the network needs.

use std::io::{Cursor, Read};

/// The `.npz` file, a zip archive over the bytes read.
pub(super) type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The header of one `.npy` member: element type and shape.
pub(super) struct NpyHeader {
    descr: String,
    shape: Vec<usize>,
}

/// Inflates member `name.npy` whole, in one call, and checks its CRC.
pub(super) fn inflate_member(archive: &Archive<'_>, name: &str) -> Result<Vec<u8>, String> {
    let member = format!("{name}.npy");
    let bad = |what: String| format!("{member}: {what}");
    let mut archive = archive.clone();
    let index = archive
        .index_for_name(&member)
        .ok_or_else(|| format!("has no array `{name}`"))?;
    let mut file = archive
        .by_index_raw(index)
        .map_err(|e| bad(e.to_string()))?;
    let (size, crc, method) = (file.size() as usize, file.crc32(), file.compression());
    let mut raw = Vec::with_capacity(file.compressed_size() as usize);
    file.read_to_end(&mut raw).map_err(|e| bad(e.to_string()))?;
    let out = match method {
        zip::CompressionMethod::Stored => raw,
        zip::CompressionMethod::Deflated => {
            let mut out = vec![0u8; size];
            let mut inflater = flate2::Decompress::new(false);
            let status = inflater
                .decompress(&raw, &mut out, flate2::FlushDecompress::Finish)
                .map_err(|e| bad(e.to_string()))?;
            if status != flate2::Status::StreamEnd || inflater.total_out() != size as u64 {
                return Err(bad("truncated compressed data".into()));
            }
            out
        }
        other => return Err(bad(format!("unsupported compression {other}"))),
    };
    if out.len() != size || crc32fast::hash(&out) != crc {
        return Err(bad("damaged (CRC mismatch)".into()));
    }
    Ok(out)
}

/// Splits a `.npy` file into its header (element type, shape) and body.
pub(super) fn parse_npy<'a>(bytes: &'a [u8], name: &str) -> Result<(NpyHeader, &'a [u8]), String> {
    let bad = |what: &str| format!("{name}.npy: {what}");
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("not a .npy array"));
    }
    let (len, start) = if bytes[6] == 1 {
        (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10)
    } else if bytes.len() >= 12 {
        (
            u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize,
            12,
        )
    } else {
        return Err(bad("truncated header"));
    };
    let text = bytes
        .get(start..start + len)
        .ok_or_else(|| bad("truncated header"))?;
    let text = String::from_utf8_lossy(text);
    let value = |key: &str| -> Result<&str, String> {
        let at = text
            .find(&format!("'{key}':"))
            .ok_or_else(|| bad(&format!("header has no {key}")))?;
        Ok(text[at + key.len() + 3..].trim_start())
    };
    let descr = value("descr")?
        .strip_prefix('\'')
        .and_then(|v| v.split('\'').next())
        .ok_or_else(|| bad("bad descr"))?
        .to_string();
    if !value("fortran_order")?.starts_with("False") {
        return Err(bad("Fortran-ordered arrays are not supported"));
    }
    let shape = value("shape")?
        .strip_prefix('(')
        .and_then(|v| v.split(')').next())
        .ok_or_else(|| bad("bad shape"))?
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| bad("bad shape")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((NpyHeader { descr, shape }, &bytes[start + len..]))
}

/// Reads the u8 array `name` of the given shape into `dest`.
pub(super) fn read_member(
    archive: &Archive<'_>,
    name: &str,
    descr: &str,
    shape: &[usize],
    dest: &mut [u8],
) -> Result<(), String> {
    let bytes = inflate_member(archive, name)?;
    let (header, body) = parse_npy(&bytes, name)?;
    if header.descr != descr || header.shape != shape || body.len() != dest.len() {
        return Err(format!(
            "{name}: {} {:?}, expected {descr} {shape:?}",
            header.descr, header.shape
        ));
    }
    dest.copy_from_slice(body);
    Ok(())
}

/// Reads the float array `name` (`<f4`, or the `<f8` scalar `eps`) as f32.
pub(super) fn read_floats(
    archive: &Archive<'_>,
    name: &str,
) -> Result<(Vec<usize>, Vec<f32>), String> {
    let bytes = inflate_member(archive, name)?;
    let (header, body) = parse_npy(&bytes, name)?;
    let count: usize = header.shape.iter().product();
    let data: Vec<f32> = match header.descr.as_str() {
        "<f4" if body.len() == count * 4 => body
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect(),
        "<f8" if body.len() == count * 8 => body
            .chunks_exact(8)
            .map(|b| f64::from_le_bytes(b.try_into().unwrap()) as f32)
            .collect(),
        other => {
            return Err(format!(
                "{name}: {other} array of {} bytes for shape {:?}",
                body.len(),
                header.shape
            ));
        }
    };
    Ok((header.shape, data))
}
