import type { SeedCourse } from './types.js';

export const musicHarmony: SeedCourse = {
  slug: 'foundations-of-western-harmony',
  title: 'Foundations of Western Harmony',
  summary:
    'Build harmony from the ground up: name intervals, construct scales, spell triads and seventh chords, and understand why progressions and cadences sound the way they do.',
  subject: { slug: 'music', name: 'Music' },
  status: 'published',
  ageDays: 10,
  modules: [
    {
      title: 'Building Blocks',
      lessons: [
        {
          slug: 'intervals',
          title: 'Intervals',
          estimatedMinutes: 9,
          markdown: `## Measuring the distance between notes

An **interval** is the distance between two pitches, whether they sound together (*harmonic*) or one after the other (*melodic*). Chords and melodies are built from intervals, so naming them fluently comes first.

An interval name has two parts: a **number** and a **quality**.

### The number

Count the letter names from the lower note to the upper note, *including both*. From C up to E you count C, D, E, so the interval is a third. From C up to G is a fifth. The number ignores sharps and flats entirely: C to E and C to E-flat are both thirds.

### The quality

The quality distinguishes intervals that share a number but differ in size, which you measure in semitones (half steps):

- Unisons, fourths, fifths and octaves are **perfect**.
- Seconds, thirds, sixths and sevenths are **major** or **minor**, with minor one semitone smaller.
- Widening a perfect or major interval by a semitone makes it **augmented**; narrowing a perfect or minor interval by a semitone makes it **diminished**.

## The intervals within an octave

| Semitones | Interval | Example from C |
| --- | --- | --- |
| 0 | Perfect unison | C to C |
| 1 | Minor second | C to D-flat |
| 2 | Major second | C to D |
| 3 | Minor third | C to E-flat |
| 4 | Major third | C to E |
| 5 | Perfect fourth | C to F |
| 6 | Augmented fourth / diminished fifth | C to F-sharp / C to G-flat |
| 7 | Perfect fifth | C to G |
| 8 | Minor sixth | C to A-flat |
| 9 | Major sixth | C to A |
| 10 | Minor seventh | C to B-flat |
| 11 | Major seventh | C to B |
| 12 | Perfect octave | C to C |

The six-semitone interval is called the **tritone** because it spans three whole tones. C to F-sharp and C to G-flat sound identical on a piano, but they are spelled differently and behave differently in harmony. Such pairs are called *enharmonic*.

## Inverting intervals

Inverting an interval means moving the lower note up an octave. Two rules apply:

- The numbers add up to nine: a third becomes a sixth, a second becomes a seventh.
- Major becomes minor and minor becomes major; augmented and diminished swap; perfect stays perfect.

So a major third, C up to E, inverts to a minor sixth, E up to C.`,
        },
        {
          slug: 'major-and-minor-scales',
          title: 'Major and Minor Scales',
          estimatedMinutes: 10,
          markdown: `## The major scale

The **major scale** follows a fixed pattern of whole steps (W) and half steps (H):

**W W H W W W H**

Starting on C, the pattern uses only the white keys: C D E F G A B C. Starting anywhere else requires sharps or flats to preserve the pattern. G major needs F-sharp; F major needs B-flat. Collecting those accidentals at the start of the staff gives the **key signature**.

### Scale degree names

Each degree of the scale has a name that reflects its role:

1. Tonic
2. Supertonic
3. Mediant
4. Subdominant
5. Dominant
6. Submediant
7. Leading tone

The leading tone sits a half step below the tonic and pulls strongly towards it.

## The three forms of minor

The **natural minor** scale follows the pattern **W H W W H W W**. A natural minor is A B C D E F G A, with no sharps or flats.

Natural minor has a problem: its seventh degree lies a whole step below the tonic, so there is no leading tone. Composers therefore alter it:

- **Harmonic minor** raises the seventh degree: A B C D E F G-sharp A. This creates a leading tone but leaves an augmented second, three semitones, between F and G-sharp.
- **Melodic minor** raises both the sixth and seventh degrees on the way up, A B C D E F-sharp G-sharp A, smoothing out that awkward leap. In classical practice it returns to natural minor on the way down.

| Scale on A | Notes | Distinguishing feature |
| --- | --- | --- |
| Natural minor | A B C D E F G | No leading tone |
| Harmonic minor | A B C D E F G-sharp | Raised 7th, augmented 2nd |
| Melodic minor (ascending) | A B C D E F-sharp G-sharp | Raised 6th and 7th |

## Relative and parallel keys

Every major key shares its key signature with a minor key that begins on its sixth degree. C major and A minor are **relative** keys: same notes, different tonic. Keys that share a tonic but not a signature, such as C major and C minor, are **parallel** keys.

### The circle of fifths

Arranging keys by ascending perfect fifths (C, G, D, A, E and so on) adds one sharp at each step. Moving by descending fifths (C, F, B-flat, E-flat and so on) adds one flat. Sharps always appear in the order F C G D A E B, and flats in the reverse order, B E A D G C F.`,
        },
      ],
    },
    {
      title: 'Chords',
      lessons: [
        {
          slug: 'triads',
          title: 'Triads',
          estimatedMinutes: 9,
          markdown: `## Stacking thirds

A **triad** is a three-note chord built by stacking two thirds on a **root**. The note a third above the root is the **third**, and the note a fifth above the root is the **fifth**.

The qualities of the two stacked thirds determine the quality of the triad:

| Quality | Lower third | Upper third | Root to fifth | Example |
| --- | --- | --- | --- | --- |
| Major | Major (4) | Minor (3) | Perfect fifth | C E G |
| Minor | Minor (3) | Major (4) | Perfect fifth | C E-flat G |
| Diminished | Minor (3) | Minor (3) | Diminished fifth | C E-flat G-flat |
| Augmented | Major (4) | Major (4) | Augmented fifth | C E G-sharp |

Numbers in parentheses are semitones. Major triads sound bright and stable, minor triads darker, diminished triads tense, and augmented triads unsettled and ambiguous.

## Triads in a key

Building a triad on each degree of a major scale, using only notes from the scale, always produces the same pattern of qualities. Roman numerals label them, with upper case for major, lower case for minor, and a small circle for diminished:

\`\`\`text
C major:   I     ii    iii   IV    V     vi    vii°
           C     Dm    Em    F     G     Am    B°
           C-E-G D-F-A E-G-B F-A-C G-B-D A-C-E B-D-F
\`\`\`

In minor keys, harmonic practice uses the raised leading tone for the dominant, giving i, ii°, III, iv, V, VI and vii°. The major V chord in minor contains the leading tone, which is what gives minor-key cadences their strong pull home.

## Inversions

A triad's *inversion* depends on which chord member is in the bass, not on the order of the upper notes:

- **Root position**: the root is in the bass.
- **First inversion**: the third is in the bass. In figured bass this is written 6 (short for 6/3), so a first-inversion I chord is I6.
- **Second inversion**: the fifth is in the bass, written 6/4.

First-inversion chords are lighter and more flexible than root position, and they help bass lines move by step. Second-inversion chords sound unstable and are used in a few specific patterns, most notably the cadential six-four.

### Voicing in four parts

In traditional four-part writing (soprano, alto, tenor, bass), one note of the triad must be doubled. For root-position major and minor triads, double the root. Avoid doubling the leading tone, because it wants to resolve up to the tonic and two voices resolving the same way would create parallel octaves.`,
        },
        {
          slug: 'seventh-chords',
          title: 'Seventh Chords',
          estimatedMinutes: 10,
          markdown: `## Adding a fourth note

Stack one more third on a triad and you get a **seventh chord**, named after the interval of a seventh between its root and top note. Seventh chords add colour and, more importantly, tension that wants to resolve. They are essential in classical harmony and are the default sonority in jazz.

A seventh chord's name combines the quality of its triad with the quality of its seventh.

## The five common types

| Name | Symbol | Triad | Seventh | Spelled on C |
| --- | --- | --- | --- | --- |
| Major seventh | Cmaj7 | Major | Major | C E G B |
| Dominant seventh | C7 | Major | Minor | C E G B-flat |
| Minor seventh | Cm7 | Minor | Minor | C E-flat G B-flat |
| Half-diminished seventh | Cø7 or Cm7(b5) | Diminished | Minor | C E-flat G-flat B-flat |
| Fully diminished seventh | C°7 | Diminished | Diminished | C E-flat G-flat B-double-flat |

In a major key, the diatonic seventh chords fall out as Imaj7, ii7, iii7, IVmaj7, V7, vi7 and viiø7. Only one chord in the key is a dominant seventh, and it is built on the fifth degree.

## The dominant seventh

The V7 chord is the engine of tonal harmony. In C major it is G B D F. Two of its notes form a **tritone**: B, the leading tone, and F, the chord's seventh. That unstable interval resolves by contrary motion into the tonic chord:

- B rises a half step to C.
- F falls a half step to E.

Meanwhile the root G usually moves to C in the bass. The result is the strongest sense of arrival available in a key. In four-part writing, the chordal seventh of *any* seventh chord normally resolves down by step.

\`\`\`abc
X:1
T:V7 to I in C major
M:4/4
L:1/2
K:C
[G,FB]2 | [C,Ec]2 |]
\`\`\`

## The diminished seventh

Built entirely from minor thirds, the fully diminished seventh divides the octave into four equal parts. As a result there are only three distinct diminished seventh chords, and any of its four notes can be reinterpreted as the root. Composers exploit this symmetry to pivot suddenly into distant keys.

### Inversions of seventh chords

With four notes there are three inversions. Figured bass labels them by intervals above the bass: root position 7, first inversion 6/5, second inversion 4/3, and third inversion 4/2, often shortened to 2. In a third-inversion V chord the seventh is in the bass, so the bass must step down, typically into a first-inversion tonic.`,
        },
      ],
    },
    {
      title: 'Harmony in Motion',
      lessons: [
        {
          slug: 'functional-harmony',
          title: 'Functional Harmony',
          estimatedMinutes: 10,
          markdown: `## Chords have jobs

In tonal music, chords are not interchangeable colours. Each plays a role relative to the tonic. Theory groups the diatonic chords into three **functions**:

| Function | Role | Main chords in major |
| --- | --- | --- |
| Tonic (T) | Stability, rest, home | I, and vi as a substitute |
| Predominant (PD) | Motion away from home, preparing the dominant | IV, ii, ii7 |
| Dominant (D) | Tension that demands resolution to the tonic | V, V7, vii° |

The iii chord is ambiguous and appears less often in classical style.

## The basic phrase model

Most tonal phrases follow a simple path: **T, then PD, then D, then back to T**. The predominant can be skipped, and any function can be prolonged with several chords, but the order rarely runs backwards in classical style.

- I, IV, V, I: the skeleton of countless hymns, folk songs and blues.
- I, vi, ii, V, I: the same path with tonic and predominant extended.
- ii7, V7, I: the cornerstone of jazz, usually called the "two-five-one".

### Why the dominant pulls

The dominant chord contains the leading tone, a half step below the tonic, and in V7 it also contains the tritone between the leading tone and the fourth scale degree. Resolving that tension to the tonic creates the strongest feeling of closure available in a key. Root motion also matters: bass lines that fall by a fifth, such as ii to V and V to I, sound especially purposeful.

## Expanding the palette

### Secondary dominants

Any major or minor chord in a key can be briefly treated as a temporary tonic by preceding it with its own dominant. In C major, V of V, written V/V, is a D major chord, D F-sharp A. The F-sharp acts as a temporary leading tone to G, so the progression I, V/V, V, I adds colour without leaving the key.

### Beyond common practice

Popular music often treats functions more loosely. The progression I, V, vi, IV, heard in many pop hits, moves from tonic to dominant to tonic substitute to predominant, and rock songs often return to I from IV or bVII instead of from V. Functional analysis is still useful there, but as a description of tendencies rather than rules.

When analysing a piece, label the key, write Roman numerals under each chord, and then group them into T, PD and D. The large-scale shape of the phrase usually becomes clear at once.`,
        },
        {
          slug: 'cadences',
          title: 'Cadences',
          estimatedMinutes: 8,
          markdown: `## Musical punctuation

A **cadence** is the harmonic gesture that ends a phrase. Just as a sentence can end with a full stop, a comma or a question mark, cadences range from conclusive to open-ended. Each is identified by its last two chords.

## The main types

| Cadence | Chords | Effect |
| --- | --- | --- |
| Perfect authentic (PAC) | V to I, both in root position, tonic in the soprano | Strongest, most final ending |
| Imperfect authentic (IAC) | V to I with an inversion or the 3rd or 5th in the soprano, or vii° to I | Conclusive but less emphatic |
| Half cadence (HC) | Any chord to V | Open, like a comma or a question |
| Plagal (PC) | IV to I | Gentle close, often the "Amen" after a hymn |
| Deceptive (DC) | V to vi | Surprise: the expected tonic is replaced |

### Authentic cadences

The perfect authentic cadence is the benchmark of finality. Both chords are in root position, so the bass leaps from the dominant to the tonic, and the melody arrives on the tonic note itself. Change any of those conditions and the cadence becomes imperfect: it still resolves, but the phrase feels less completely closed. Composers often end an antecedent phrase with a half cadence or an IAC and save the PAC for the consequent.

### Half and deceptive cadences

A half cadence pauses on the dominant, leaving the listener expecting more. The deceptive cadence sets up the strongest possible expectation of the tonic and then substitutes vi, which shares two notes with I.

\`\`\`abc
X:1
T:Authentic and deceptive cadences in C
M:4/4
L:1/2
K:C
[C,EGc]2 | [F,FAc]2 | [G,DGB]2 | [A,CEc]2 | [F,FAc]2 | [G,DGB]2 | [C,EGc]2 |]
\`\`\`

The fourth bar, vi where I was expected, is the deceptive cadence; the final two bars deliver a perfect authentic cadence.

## Special cases

- **Cadential six-four**: a I chord in second inversion placed just before V, as in I6/4, V, I. Despite its spelling it functions as a decoration of the dominant, with the sixth and fourth above the bass resolving down to the fifth and third.
- **Phrygian half cadence**: in minor keys, iv6 moving to V, with the bass descending by a half step. It is common in Baroque music, often ending a slow movement that leads straight into a faster one.

Listen for the bass line first. A leap from the fifth degree to the first usually signals an authentic cadence, while a phrase that stops on the fifth degree is almost always a half cadence.`,
        },
      ],
    },
  ],
  cards: [
    {
      lessonSlug: 'intervals',
      prompt: 'How many semitones are in a perfect fifth?',
      answer: 'Seven semitones.',
    },
    {
      lessonSlug: 'intervals',
      prompt: 'What does a major sixth become when inverted?',
      answer: 'A minor third, because the numbers add to nine and major becomes minor.',
    },
    {
      lessonSlug: 'major-and-minor-scales',
      prompt: 'What is the whole-step/half-step pattern of the major scale?',
      answer: 'W W H W W W H.',
    },
    {
      lessonSlug: 'major-and-minor-scales',
      prompt: 'How does harmonic minor differ from natural minor?',
      answer: 'It raises the seventh degree to create a leading tone a half step below the tonic.',
    },
    {
      lessonSlug: 'triads',
      prompt: 'What thirds make up a diminished triad?',
      answer: 'Two minor thirds stacked, spanning a diminished fifth from root to fifth.',
    },
    {
      lessonSlug: 'triads',
      prompt: 'Which chord member is in the bass in a first-inversion triad?',
      answer: 'The third.',
    },
    {
      lessonSlug: 'seventh-chords',
      prompt: 'How is a dominant seventh chord built?',
      answer: 'A major triad plus a minor seventh above the root, for example G B D F.',
    },
    {
      lessonSlug: 'seventh-chords',
      prompt: 'How does the tritone in G7 resolve to a C major chord?',
      answer: 'B rises a half step to C and F falls a half step to E.',
    },
    {
      lessonSlug: 'functional-harmony',
      prompt: 'What are the three harmonic functions in tonal music?',
      answer: 'Tonic, predominant (subdominant) and dominant.',
    },
    {
      lessonSlug: 'functional-harmony',
      prompt: 'In C major, which chord is V/V?',
      answer: 'D major (D F-sharp A), the dominant of G.',
    },
    {
      lessonSlug: 'cadences',
      prompt: 'What makes an authentic cadence "perfect"?',
      answer:
        'Both V and I are in root position and the tonic is in the highest voice on the final chord.',
    },
    {
      lessonSlug: 'cadences',
      prompt: 'Which chords form a deceptive cadence?',
      answer: 'V moving to vi instead of the expected I.',
    },
  ],
};
