export type StylePreset = { id: string; label: string; prompt: string };

const BASE = "professional headshot of the person, sharp focus on the eyes, natural skin texture, high detail, 85mm lens";

export const STYLE_PRESETS: readonly StylePreset[] = [
  {
    id: "corporate",
    label: "Corporate",
    prompt: `${BASE}, wearing a tailored navy suit, confident friendly smile, soft diffused office background, even studio lighting`,
  },
  {
    id: "studio",
    label: "Studio",
    prompt: `${BASE}, classic studio portrait, neutral grey seamless backdrop, three-point softbox lighting, subtle rim light`,
  },
  {
    id: "outdoor",
    label: "Outdoor",
    prompt: `${BASE}, outdoors in golden hour light, blurred green park background, warm natural tones, shallow depth of field`,
  },
  {
    id: "creative",
    label: "Creative",
    prompt: `${BASE}, modern creative-industry look, colourful gradient backdrop, dramatic side lighting, editorial magazine style`,
  },
  {
    id: "casual",
    label: "Casual",
    prompt: `${BASE}, smart casual sweater, relaxed genuine smile, bright airy cafe background, soft window light`,
  },
  {
    id: "medical",
    label: "Healthcare",
    prompt: `${BASE}, wearing a white doctor's coat, approachable calm expression, clean bright clinic background, soft even light`,
  },
];
