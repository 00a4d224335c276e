import type { SeedCourse } from './types.js';

export const orbitalMechanicsDraft: SeedCourse = {
  slug: 'orbital-mechanics-for-beginners',
  title: 'Orbital Mechanics for Beginners',
  summary:
    "An introduction to how things move in space: Kepler's laws, the physics of circular orbits, and the classic Hohmann transfer between two orbits.",
  subject: { slug: 'physics', name: 'Physics' },
  status: 'draft',
  ageDays: 2,
  modules: [
    {
      title: 'Describing Orbits',
      lessons: [
        {
          slug: 'keplers-laws',
          title: "Kepler's Three Laws",
          estimatedMinutes: 8,
          markdown: `## From observation to law

In the early 1600s Johannes Kepler analysed Tycho Brahe's precise observations of Mars and found that the planets do not move on perfect circles, as astronomers had assumed for two thousand years. He summarised their motion in three laws. Decades later, Isaac Newton showed that all three follow from his law of universal gravitation, and they apply just as well to moons and artificial satellites.

## The three laws

### 1. Orbits are ellipses

Each planet moves on an **ellipse** with the Sun at one *focus*, not at the centre. The point of closest approach is the *periapsis* (perihelion for the Sun, perigee for Earth) and the farthest point is the *apoapsis*. Half the longest diameter of the ellipse is the **semi-major axis**, written *a*. A circle is simply an ellipse with both foci at the centre.

### 2. Equal areas in equal times

A line from the Sun to a planet sweeps out equal areas in equal intervals of time. So a planet moves fastest near periapsis and slowest near apoapsis. In modern terms, this law is a consequence of the conservation of angular momentum.

### 3. Periods and sizes are linked

The square of the orbital period is proportional to the cube of the semi-major axis: T² ∝ a³. Newton's version makes the constant explicit:

- T = 2π √(a³ / μ), where μ = GM is the *gravitational parameter* of the central body.
- For Earth, μ is about 398,600 km³/s².

## Putting the third law to work

Measured in years and astronomical units, the constant for the Sun becomes 1, so T² = a³ directly.

| Planet | Semi-major axis (AU) | Period (years) |
| --- | --- | --- |
| Earth | 1.00 | 1.00 |
| Mars | 1.52 | 1.88 |
| Jupiter | 5.20 | 11.9 |

Notice that the period depends only on the semi-major axis, not on the shape of the ellipse or the mass of the orbiting object. A satellite and a spanner dropped by an astronaut share the same orbit.`,
        },
        {
          slug: 'circular-orbits',
          title: 'Circular Orbits',
          estimatedMinutes: 7,
          markdown: `## Falling around the Earth

An orbiting spacecraft is in free fall. It falls towards Earth all the time, but it moves sideways so fast that the ground curves away beneath it just as quickly. Astronauts feel weightless not because gravity is absent (at the altitude of the International Space Station it is still about 90% as strong as on the ground) but because they and their spacecraft fall together.

## The speed of a circular orbit

For a circular orbit of radius *r*, gravity supplies exactly the centripetal force needed to keep the spacecraft on its circle. Setting GMm / r² equal to mv² / r gives:

- **Circular speed**: v = √(μ / r)
- **Period**: T = 2πr / v

Two details are easy to miss. First, *r* is measured from the **centre** of the Earth, so add Earth's radius of about 6,378 km to the altitude. Second, the mass of the spacecraft cancels out, so every object at a given radius orbits at the same speed.

### Worked examples

| Orbit | Radius | Speed | Period |
| --- | --- | --- | --- |
| Low Earth orbit, 400 km altitude | 6,778 km | 7.67 km/s | 92.6 minutes |
| Geostationary orbit | 42,164 km | 3.07 km/s | 23.93 hours |

Higher orbits are slower and take longer. A geostationary satellite completes one orbit per *sidereal* day, about 23 hours 56 minutes, so it appears to hover over one point on the equator.

## Escape speed

Reaching escape speed means having enough kinetic energy to coast away forever. At any radius, it is √2 times the circular speed: v = √(2μ / r). From a 400 km orbit that is about 10.8 km/s, only about 3.2 km/s more than the orbital speed itself.`,
        },
      ],
    },
    {
      title: 'Changing Orbits',
      lessons: [
        {
          slug: 'hohmann-transfer',
          title: 'The Hohmann Transfer',
          estimatedMinutes: 10,
          markdown: `## Getting from one orbit to another

Suppose a satellite is released in low Earth orbit but must end up in geostationary orbit. In 1925 Walter Hohmann described what is usually the most fuel-efficient way to move between two circular, coplanar orbits using two engine burns. The trick is an elliptical **transfer orbit** that touches the inner orbit at its periapsis and the outer orbit at its apoapsis.

## The two burns

1. **First burn**, at the inner orbit: speed up along the direction of travel. The orbit becomes an ellipse whose far point reaches the outer orbit's radius.
2. Coast half an orbit to apoapsis.
3. **Second burn**, at apoapsis: speed up again to circularise. Without it, the spacecraft would simply fall back along the ellipse.

The speed at any point on an orbit comes from the **vis-viva equation**: v² = μ (2/r − 1/a). The transfer ellipse has a semi-major axis a = (r₁ + r₂) / 2, so the required changes in velocity (Δv) follow directly.

### A worked example

\`\`\`python
from math import pi, sqrt

mu = 398600.4418          # Earth's gravitational parameter, km^3/s^2
r1 = 6378.137 + 400       # 400 km circular orbit, km
r2 = 42164.0              # geostationary radius, km
a = (r1 + r2) / 2         # transfer-orbit semi-major axis

dv1 = sqrt(mu * (2 / r1 - 1 / a)) - sqrt(mu / r1)
dv2 = sqrt(mu / r2) - sqrt(mu * (2 / r2 - 1 / a))
hours = pi * sqrt(a**3 / mu) / 3600

print(f"dv1 = {dv1:.2f} km/s, dv2 = {dv2:.2f} km/s, transfer = {hours:.1f} h")
# dv1 = 2.40 km/s, dv2 = 1.46 km/s, transfer = 5.3 h
\`\`\`

The total of about 3.85 km/s ignores the plane change that real launches from non-equatorial sites also need, which adds considerably to the cost.

## Trade-offs

- **Time**: the transfer always takes half the period of the transfer ellipse, which can be long. A Hohmann transfer from Earth to Mars takes roughly 8 to 9 months.
- **Launch windows**: between planets, the target must arrive at the meeting point at the same time as the spacecraft, so transfers are possible only at particular alignments, about every 26 months for Mars.
- **Efficiency limits**: when the outer orbit is more than about 12 times larger than the inner one, a three-burn *bi-elliptic* transfer can use less Δv, at the cost of a much longer trip.`,
        },
      ],
    },
  ],
  cards: [
    {
      lessonSlug: 'keplers-laws',
      prompt: "State Kepler's third law.",
      answer:
        'The square of the orbital period is proportional to the cube of the semi-major axis (T² ∝ a³).',
    },
    {
      lessonSlug: 'circular-orbits',
      prompt: 'What is the speed of a circular orbit of radius r around a body with parameter μ?',
      answer: "v = √(μ / r), independent of the orbiting object's mass.",
    },
    {
      lessonSlug: 'hohmann-transfer',
      prompt: 'How many engine burns does a Hohmann transfer use, and where?',
      answer:
        'Two: one at the inner orbit to enter the transfer ellipse and one at its apoapsis to circularise.',
    },
  ],
};
