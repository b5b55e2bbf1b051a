import { DetailNotFound } from "@/components/gallery/detail-states";

export default function GenerationNotFound() {
  return <DetailNotFound />;
}
