/**
 * Reading a YouTube watch page: the `ytInitialPlayerResponse` JSON object embedded in
 * a script holds the title, the description (where chapters are written as
 * "0:00 Intro" lines) and the caption track list
 * (`captions.playerCaptionsTracklistRenderer.captionTracks[]`).
 */
export interface CaptionTrack {
  readonly baseUrl: string;
  readonly languageCode: string;
  /** 'asr' for automatic speech recognition tracks. */
  readonly kind?: string | undefined;
}

export interface PlayerResponse {
  readonly title: string;
  readonly description: string;
  readonly lengthSeconds: number;
  readonly tracks: readonly CaptionTrack[];
}

export interface Chapter {
  readonly start: number;
  readonly title: string;
}

interface RawPlayerResponse {
  videoDetails?: { title?: string; shortDescription?: string; lengthSeconds?: string };
  captions?: { playerCaptionsTracklistRenderer?: { captionTracks?: CaptionTrack[] } };
}

export function readPlayerResponse(html: string): PlayerResponse | undefined {
  const marker = /ytInitialPlayerResponse\s*=\s*\{/.exec(html);
  if (!marker) return undefined;
  const start = marker.index + marker[0].length - 1;
  const json = balancedObject(html, start);
  if (!json) return undefined;
  let raw: RawPlayerResponse;
  try {
    raw = JSON.parse(json) as RawPlayerResponse;
  } catch {
    return undefined;
  }
  return {
    title: raw.videoDetails?.title ?? '',
    description: raw.videoDetails?.shortDescription ?? '',
    lengthSeconds: Number(raw.videoDetails?.lengthSeconds ?? 0) || 0,
    tracks: raw.captions?.playerCaptionsTracklistRenderer?.captionTracks ?? [],
  };
}

/** The JSON object starting at `start`, found by brace matching outside strings. */
function balancedObject(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

/** English first, human-made before automatic, else the first track. */
export function chooseTrack(tracks: readonly CaptionTrack[]): CaptionTrack | undefined {
  const score = (track: CaptionTrack): number =>
    (track.languageCode.toLowerCase().startsWith('en') ? 2 : 0) + (track.kind === 'asr' ? 0 : 1);
  return [...tracks].sort((a, b) => score(b) - score(a))[0];
}

/**
 * Chapters as YouTube recognises them: timestamp lines in the description, the first at
 * 0:00, in increasing order. Fewer than two means the video has none.
 */
export function chaptersFrom(description: string): Chapter[] {
  const chapters: Chapter[] = [];
  for (const line of description.split('\n')) {
    const match = /^\s*[([]?((?:\d{1,2}:)?\d{1,2}:\d{2})[)\]]?\s*(?:[-–—:|]\s*)?(.+?)\s*$/.exec(
      line,
    );
    if (!match?.[1] || !match[2]) continue;
    const start = match[1].split(':').reduce((total, part) => total * 60 + Number(part), 0);
    const previous = chapters[chapters.length - 1];
    if (previous && start <= previous.start) continue;
    chapters.push({ start, title: match[2] });
  }
  return chapters.length >= 2 && chapters[0]?.start === 0 ? chapters : [];
}
